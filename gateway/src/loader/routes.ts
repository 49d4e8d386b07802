// `GET /candor.js` and `GET /_candor/<version>/<file>`: what a company's pages load from the
// gateway, on any origin. Served from memory, precompressed, with ETags.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';
import type { SiteAssets } from '../site/assets.ts';
import { negotiate } from '../site/serve.ts';
import { LOADER_CACHE, type LoaderAssets, type LoaderFile, VERSIONED_CACHE } from './assets.ts';

/**
 * Mounts the loader and its versioned files. A wrong version or an unknown name is a 404 problem:
 * an old page asking for a retired version gets a clear answer, never another version's file.
 * A file the served site has at that path is the site's (an Astro build with `@candor/astro`
 * copies the banner under `/_candor/<its version>/`), so the site's own page keeps working.
 *
 * @example
 * registerLoaderRoutes(app, await loadLoaderAssets(config), siteAssets)
 */
export function registerLoaderRoutes(app: Hono<AppEnv>, assets: LoaderAssets, site?: SiteAssets): void {
  app.get('/candor.js', (c) => respond(c, assets.loader, LOADER_CACHE));
  app.get('/_candor/:version/:file', async (c, next) => {
    const file = c.req.param('version') === assets.version ? assets.files.get(c.req.param('file')) : undefined;
    if (file) return respond(c, file, VERSIONED_CACHE);
    const path = new URL(c.req.url).pathname;
    if (site?.get(path)) return next();
    return problem(c, 'not_found', `No Candor asset ${path}`);
  });
}

function respond(c: Context<AppEnv>, file: LoaderFile, cacheControl: string): Response {
  const encoding = negotiate(c.req.header('accept-encoding'), file);
  const etag = `"${file.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
  c.header('content-type', file.contentType);
  c.header('cache-control', cacheControl);
  c.header('vary', 'accept-encoding');
  c.header('etag', etag);
  // Pages on other origins load these; the security headers keep same-origin for everything else.
  c.header('cross-origin-resource-policy', 'cross-origin');
  if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  const body = encoding === 'identity' ? file.body : (file[encoding] ?? file.body);
  if (encoding !== 'identity') c.header('content-encoding', encoding);
  c.header('content-length', String(body.byteLength));
  return c.body(body, 200);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
