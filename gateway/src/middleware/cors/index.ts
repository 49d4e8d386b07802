import type { CandorConfig } from '@candor/config';
import type { MiddlewareHandler } from 'hono';

/**
 * The public endpoints a company's own site calls from its origin (contract v2): the banner's
 * record and proof, the tracker's beacon, the request form, and the banner config. Nothing else
 * answers CORS; admin and `/u/` pages stay same-origin.
 */
export const CORS_ROUTES: readonly { method: 'GET' | 'POST'; path: RegExp }[] = [
  { method: 'POST', path: /^\/api\/consent$/ },
  { method: 'GET', path: /^\/api\/consent\/[^/]+$/ },
  { method: 'POST', path: /^\/api\/event$/ },
  { method: 'POST', path: /^\/api\/privacy-requests$/ },
  { method: 'GET', path: /^\/api\/banner$/ },
];

const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/**
 * Whether an `Origin` is one of the configured sites': https on any of `sites[].hostnames`, and
 * http too for localhost and 127.0.0.1, on any port. `null` and anything unparsable are not.
 */
export function siteOrigins(config: CandorConfig): (origin: string | undefined) => boolean {
  const hostnames = new Set(config.sites.flatMap((site) => site.hostnames.map((h) => h.toLowerCase())));
  const known = new Map<string, boolean>();
  return (origin) => {
    if (origin === undefined || origin === 'null') return false;
    let answer = known.get(origin);
    if (answer === undefined) {
      answer = isSiteOrigin(origin, hostnames);
      if (known.size < 1000) known.set(origin, answer);
    }
    return answer;
  };
}

function isSiteOrigin(origin: string, hostnames: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin || !hostnames.has(url.hostname)) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** What an allowed origin gets on a CORS route: its own origin back, and a resource it may load. */
export function corsHeaderEntries(origin: string): [string, string][] {
  return [
    ['access-control-allow-origin', origin],
    ['vary', 'Origin'],
    ['cross-origin-resource-policy', 'cross-origin'],
  ];
}

const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS for the configured sites' origins on `CORS_ROUTES`: preflights are answered (204), and
 * responses carry `Access-Control-Allow-Origin` for exactly that origin. Any other origin gets
 * no CORS header, so its browser keeps the answer from the page. No credentials: none is needed.
 *
 * @example
 * app.use('/api/*', siteCors(siteOrigins(config)))
 */
export function siteCors(allowed: (origin: string | undefined) => boolean): MiddlewareHandler {
  return async function siteCorsMiddleware(c, next) {
    const origin = c.req.header('origin');
    const path = c.req.path;
    if (c.req.method === 'OPTIONS') {
      const method = c.req.header('access-control-request-method');
      const route = CORS_ROUTES.find((r) => r.path.test(path));
      if (!route) return next();
      const headers: Record<string, string> = { vary: 'Origin', 'cache-control': 'no-store' };
      if (allowed(origin) && method === route.method && origin !== undefined) {
        Object.assign(headers, Object.fromEntries(corsHeaderEntries(origin)), {
          'access-control-allow-methods': route.method,
          'access-control-allow-headers': 'content-type',
          'access-control-max-age': PREFLIGHT_MAX_AGE,
        });
      }
      return c.body(null, 204, headers);
    }
    await next();
    if (origin === undefined || !allowed(origin)) return;
    if (!CORS_ROUTES.some((r) => r.method === c.req.method && r.path.test(path))) return;
    for (const [name, value] of corsHeaderEntries(origin)) c.res.headers.set(name, value);
  };
}
