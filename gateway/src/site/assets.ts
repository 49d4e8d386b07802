/**
 * SiteAssets: the built static site, looked up by URL path. The Node adapter loads `site/dist`
 * into memory at start-up; tests use `createMemorySiteAssets`.
 */
export interface SiteAssets {
  /** The asset for a decoded URL path, resolving `/x`, `/x/` and `/x/index.html` alike. */
  get(pathname: string): Asset | undefined;
  /** The site's 404 page, served with status 404 for unknown paths. */
  readonly notFound: Asset | undefined;
}

export type Bytes = Uint8Array<ArrayBuffer>;

export interface Asset {
  body: Bytes;
  /** Precompressed variants, present when they are smaller than the body. */
  gzip?: Bytes;
  br?: Bytes;
  contentType: string;
  /** Strong validator of the identity body, without quotes. */
  etag: string;
  cacheControl: string;
  /** sha256 sources of inline <script> and <style> elements, for the Content-Security-Policy. */
  inlineScriptHashes: string[];
  inlineStyleHashes: string[];
}

/** Hashed build output (Astro's `/_astro/`) never changes under the same name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** HTML is revalidated on every visit, so a deploy shows at once (ETag makes it a cheap 304). */
export const REVALIDATE = 'no-cache';
export const SHORT = 'public, max-age=3600';

export function cacheControlFor(path: string, contentType: string): string {
  if (path.startsWith('/_astro/')) return IMMUTABLE;
  if (contentType.startsWith('text/html')) return REVALIDATE;
  return SHORT;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  pdf: 'application/pdf',
};

export function contentTypeFor(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/.test(contentType);
}

/** Candidate file keys for a URL path, most specific first. */
export function candidateKeys(pathname: string): string[] {
  if (pathname.endsWith('/')) return [`${pathname}index.html`];
  return [pathname, `${pathname}/index.html`, `${pathname}.html`];
}

/** A lookup over a map of file keys (`/features/index.html`) to assets. */
export function siteAssetsFromMap(files: ReadonlyMap<string, Asset>): SiteAssets {
  return {
    get(pathname) {
      for (const key of candidateKeys(pathname)) {
        const asset = files.get(key);
        if (asset) return asset;
      }
      return undefined;
    },
    notFound: files.get('/404.html'),
  };
}

/** Uncompressed in-memory assets for tests: `{ '/index.html': '<h1>Hi</h1>' }`. */
export function createMemorySiteAssets(files: Record<string, string>): SiteAssets {
  const encoder = new TextEncoder();
  const map = new Map<string, Asset>();
  let n = 0;
  for (const [path, text] of Object.entries(files)) {
    const contentType = contentTypeFor(path);
    map.set(path, {
      body: encoder.encode(text),
      contentType,
      etag: `m${++n}`,
      cacheControl: cacheControlFor(path, contentType),
      inlineScriptHashes: [],
      inlineStyleHashes: [],
    });
  }
  return siteAssetsFromMap(map);
}
