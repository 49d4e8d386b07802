import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';
import { type CspSources, siteCsp } from '../middleware/security-headers/csp.ts';
import type { Asset, SiteAssets } from './assets.ts';

type Encoding = 'br' | 'gzip' | 'identity';

/** What the site's CSP takes from the config (a `CandorConfig` is one). */
export interface SiteCspConfig {
  services: readonly { origins: readonly string[] }[];
  csp: CspSources;
}

/**
 * Serves the built site (any static export) from memory: content negotiation over precompressed
 * variants, ETag revalidation, per-page CSP with the hashes of that page's inline code, the services'
 * origins and `config.csp`. Unknown paths get the site's own 404 page with status 404.
 */
export function createSiteHandler(assets: SiteAssets, config: SiteCspConfig) {
  const serviceOrigins = config.services.flatMap((s) => s.origins);
  const cspCache = new WeakMap<Asset, string>();
  const cspFor = (asset: Asset) => {
    let csp = cspCache.get(asset);
    if (csp === undefined) {
      csp = siteCsp({ serviceOrigins, extra: config.csp, ...asset });
      cspCache.set(asset, csp);
    }
    return csp;
  };

  function respond(c: Context<AppEnv>, asset: Asset, status: 200 | 404): Response {
    const encoding = status === 200 ? negotiate(c.req.header('accept-encoding'), asset) : 'identity';
    const etag = `"${asset.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    // c.header (not a bare Response) keeps headers set by earlier middleware, e.g. x-request-id.
    c.header('content-type', asset.contentType);
    c.header('cache-control', status === 200 ? asset.cacheControl : 'no-cache');
    c.header('vary', 'accept-encoding');
    if (asset.contentType.startsWith('text/html')) c.header('content-security-policy', cspFor(asset));
    if (status === 200) {
      c.header('etag', etag);
      if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    }
    const body = encoding === 'identity' ? asset.body : (asset[encoding] ?? asset.body);
    if (encoding !== 'identity') c.header('content-encoding', encoding);
    c.header('content-length', String(body.byteLength));
    return c.body(body, status);
  }

  return {
    /** GET (and so HEAD) handler for every path no API route claimed. */
    get(c: Context<AppEnv>): Response {
      const pathname = decodePath(new URL(c.req.url).pathname);
      const asset = pathname === undefined ? undefined : assets.get(pathname);
      if (!asset) return this.notFound(c);
      c.set('assetPath', pathname);
      return respond(c, asset, 200);
    },
    notFound(c: Context<AppEnv>): Response {
      if (assets.notFound) return respond(c, assets.notFound, 404);
      return c.text('Not found', 404, { 'cache-control': 'no-cache' });
    },
  };
}

function decodePath(raw: string): string | undefined {
  try {
    const path = decodeURIComponent(raw);
    // Keys are plain file paths; anything with NUL or backslashes cannot name one.
    return /[\0\\]/.test(path) ? undefined : path;
  } catch {
    return undefined;
  }
}

/** Picks the smallest acceptable precompressed variant; ignores q-values other than q=0. */
export function negotiate(acceptEncoding: string | undefined, asset: Pick<Asset, 'br' | 'gzip'>): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.find((p) => p.trim().startsWith('q='));
    if (q && Number(q.trim().slice(2)) === 0) continue;
    accepted.add(token.trim());
  }
  if (asset.br && (accepted.has('br') || accepted.has('*'))) return 'br';
  if (asset.gzip && (accepted.has('gzip') || accepted.has('*'))) return 'gzip';
  return 'identity';
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
