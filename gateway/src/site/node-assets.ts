import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import {
  type Asset,
  type Bytes,
  cacheControlFor,
  contentTypeFor,
  isCompressible,
  type SiteAssets,
  siteAssetsFromMap,
} from './assets.ts';

export interface LoadedSite {
  assets: SiteAssets;
  files: number;
  bytes: number;
}

/**
 * Loads a built static site into memory, precompressed (gzip and brotli) and with the hashes of
 * its inline scripts and styles for the CSP. A marketing site is small; serving from memory keeps
 * the file system (and path traversal) out of the request path entirely.
 */
export async function loadSiteAssets(dir: string): Promise<LoadedSite> {
  const files = new Map<string, Asset>();
  let bytes = 0;
  for (const file of await walk(dir)) {
    const key = `/${relative(dir, file).split(sep).join('/')}`;
    const body = new Uint8Array(await readFile(file));
    bytes += body.byteLength;
    files.set(key, toAsset(key, body));
  }
  return { assets: siteAssetsFromMap(files), files: files.size, bytes };
}

export async function siteIsBuilt(dir: string): Promise<boolean> {
  return stat(join(dir, 'index.html')).then(
    (s) => s.isFile(),
    () => false,
  );
}

function toAsset(key: string, body: Bytes): Asset {
  const contentType = contentTypeFor(key);
  const asset: Asset = {
    body,
    contentType,
    etag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
    cacheControl: cacheControlFor(key, contentType),
    inlineScriptHashes: [],
    inlineStyleHashes: [],
  };
  if (isCompressible(contentType) && body.byteLength > 512) {
    const gzip = gzipSync(body, { level: 9 });
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    if (gzip.byteLength < body.byteLength) asset.gzip = new Uint8Array(gzip);
    if (br.byteLength < body.byteLength) asset.br = new Uint8Array(br);
  }
  if (contentType.startsWith('text/html')) {
    const html = new TextDecoder().decode(body);
    asset.inlineScriptHashes = inlineHashes(html, 'script');
    asset.inlineStyleHashes = inlineHashes(html, 'style');
  }
  return asset;
}

/** sha256 CSP sources for the text of each inline element (those without `src`). */
export function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const pattern = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'gi');
  const hashes = new Set<string>();
  for (const [, attrs = '', text = ''] of html.matchAll(pattern)) {
    if (/\bsrc\s*=/i.test(attrs) || text.length === 0) continue;
    hashes.add(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
