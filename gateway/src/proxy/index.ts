// The edge proxy: for a host whose site has an `upstream`, every request the gateway does not
// answer itself is streamed to that upstream, and its HTML comes back with Candor in it.
import type { CandorConfig, Site } from '@candor/config';
import type { Context, MiddlewareHandler } from 'hono';
import type { RemoteAddress } from '../client.ts';
import type { AppEnv } from '../context.ts';
import type { Logger } from '../log/logger.ts';
import { isHttps } from '../middleware/security-headers/index.ts';
import { applyProxyCsp, type ProxyCsp, proxyCsp } from './csp.ts';
import { isHtml, upstreamRequestHeaders, visitorResponseHeaders, weakEtag, withHsts } from './headers.ts';
import {
  consentDefaultsScript,
  type HtmlPipeline,
  headSnippet,
  htmlCoding,
  rewriteHtml,
  rewriteServices,
} from './html.ts';
import { sitePublicOrigin } from './origin.ts';
import { upstreamErrorPage } from './pages.ts';
import { type ProxyDeps, UpstreamError } from './types.ts';

export type { ProxyDeps } from './types.ts';

export interface EdgeProxyDeps {
  config: CandorConfig;
  proxy: ProxyDeps;
  trustProxy: boolean;
  remoteAddress: RemoteAddress;
  logger: Logger;
}

/**
 * Paths that are Candor's on every host (contract v2): never sent upstream, even where no gateway
 * route matched, so `/api/nope` or `/_candor/old.js` is the gateway's 404 and not the site's page.
 */
const RESERVED = /^\/(api|admin|u|privacy-requests|_candor|ops)(\/|$)|^\/(candor\.js|healthz|readyz|metrics)$/;

/** Statuses whose answers have no body (RFC 9110). */
const NO_BODY = new Set([204, 205, 304]);

interface Route {
  site: Site;
  upstream: URL;
  publicOrigin: string;
  html: HtmlPipeline;
  csp: ProxyCsp;
}

export interface EdgeProxy {
  /** The fallback handler, before the site's: forwards when the host is a proxied site's, else `next()`. */
  handle(c: Context<AppEnv>, next: () => Promise<void>): Promise<Response | undefined>;
  /** Whether this request goes upstream: its body is the upstream's to limit, not the gateway's. */
  forwards(c: Context): boolean;
  /**
   * Wraps the security-headers middleware so that proxied answers keep the upstream's headers as
   * they are: the gateway's API policy (`default-src 'none'`, `X-Frame-Options: DENY`) would break
   * the site, and the site's own policy is the site's to set.
   */
  around(middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv>;
}

/** Builds the proxy for the sites that name an upstream; undefined when none does. */
export function createEdgeProxy(deps: EdgeProxyDeps): EdgeProxy | undefined {
  const routes = proxyRoutes(deps.config);
  if (routes.size === 0) return undefined;
  const proxied = new WeakSet<Context>();
  const routeOf = (c: Context) => {
    const url = new URL(c.req.url);
    const route = routes.get(url.hostname);
    return route && !RESERVED.test(url.pathname) ? { route, url } : undefined;
  };

  async function forward(c: Context<AppEnv>, route: Route, url: URL): Promise<Response> {
    // Built from the configured origin and the path alone: "//evil.example/x" stays a path on it.
    const target = new URL(`${route.upstream.origin}${url.pathname}${url.search}`);
    const method = c.req.method;
    const https = isHttps(c.req.url, deps.trustProxy ? c.req.header('x-forwarded-proto') : undefined);
    const headers = upstreamRequestHeaders(c.req.raw.headers, {
      upstreamHost: route.upstream.host,
      preserveHost: route.site.preserveHost,
      requestHost: url.host,
      peer: deps.remoteAddress(c),
      https,
      trustProxy: deps.trustProxy,
    });
    const body = method === 'GET' || method === 'HEAD' ? null : c.req.raw.body;
    let answer: Awaited<ReturnType<ProxyDeps['send']>>;
    try {
      if (target.origin !== route.upstream.origin) throw new UpstreamError('connect', 'target left the upstream');
      answer = await deps.proxy.send({ url: target, method, headers, body, signal: c.req.raw.signal });
    } catch (error) {
      const status = error instanceof UpstreamError && error.kind === 'timeout' ? 504 : 502;
      deps.logger.warn({ site: route.site.id, status, err: { message: (error as Error).message } }, 'upstream failed');
      return upstreamErrorPage(status);
    }
    if (answer.status < 200 || answer.status > 599) {
      await answer.body?.cancel();
      deps.logger.warn({ site: route.site.id, status: answer.status }, 'upstream answered an unusable status');
      return upstreamErrorPage(502);
    }

    const out = visitorResponseHeaders(answer.headers, { upstream: route.upstream, publicOrigin: route.publicOrigin });
    withHsts(out, https);
    let stream = method === 'HEAD' || NO_BODY.has(answer.status) ? null : answer.body;
    if (stream !== answer.body) await answer.body?.cancel();
    if (isHtml(out) && !NO_BODY.has(answer.status)) {
      const coding = htmlCoding(out.get('content-encoding'));
      if (coding === 'unsupported') {
        // Passing it through would show the page with its tags ungated: no page rather than that.
        await stream?.cancel();
        deps.logger.warn({ site: route.site.id, coding: out.get('content-encoding') }, 'upstream HTML not rewritable');
        return upstreamErrorPage(502);
      }
      out.delete('content-length');
      const etag = out.get('etag');
      if (etag) out.set('etag', weakEtag(etag));
      // Set here, before the security-headers middleware runs: `around()` restores this, not the API policy.
      applyProxyCsp(out, route.csp);
      if (stream) stream = rewriteHtml(stream, coding, deps.proxy, route.html);
    }
    proxied.add(c);
    return new Response(stream, { status: answer.status, headers: out });
  }

  return {
    async handle(c, next) {
      const match = routeOf(c);
      if (!match) {
        await next();
        return undefined;
      }
      return forward(c, match.route, match.url);
    },
    forwards: (c) => routeOf(c) !== undefined,
    around(middleware) {
      return async (c, next) => {
        let upstream: Headers | undefined;
        await middleware(c, async () => {
          await next();
          if (proxied.has(c)) upstream = new Headers(c.res.headers);
        });
        if (upstream) restoreHeaders(c.res.headers, upstream);
      };
    },
  };
}

/** Each proxied hostname → its site, upstream, public origin and the rewriter's settings. */
function proxyRoutes(config: CandorConfig): Map<string, Route> {
  const services = rewriteServices(config);
  const routes = new Map<string, Route>();
  for (const site of config.sites) {
    if (site.upstream === undefined) continue;
    const upstream = new URL(site.upstream);
    const head = headSnippet(config, site);
    const csp = proxyCsp(config, site, consentDefaultsScript(config));
    for (const hostname of site.hostnames) {
      const publicOrigin = sitePublicOrigin(config, site, hostname);
      routes.set(hostname, { site, upstream, publicOrigin, html: { head, services, selfOrigin: publicOrigin }, csp });
    }
  }
  return routes;
}

/** Undoes what a middleware changed in `headers` since `snapshot` (Set-Cookie is never touched). */
function restoreHeaders(headers: Headers, snapshot: Headers): void {
  for (const name of [...headers.keys()]) {
    if (name === 'set-cookie') continue;
    const before = snapshot.get(name);
    if (before === null) headers.delete(name);
    else if (headers.get(name) !== before) headers.set(name, before);
  }
}
