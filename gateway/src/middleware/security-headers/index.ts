import type { MiddlewareHandler } from 'hono';
import { API_CSP } from './csp.ts';

export interface SecurityHeadersOptions {
  /** Trust `X-Forwarded-Proto` from the reverse proxy to decide whether the request came over https. */
  trustProxy: boolean;
}

/**
 * Sets the security headers every response needs. Handlers that know better (site pages, the
 * unsubscribe page) set their own CSP or Referrer-Policy first, and those are kept.
 *
 * @example
 * app.use(securityHeaders({ trustProxy: env.CANDOR_TRUST_PROXY }))
 */
export function securityHeaders({ trustProxy }: SecurityHeadersOptions): MiddlewareHandler {
  return async function securityHeadersMiddleware(c, next) {
    await next();
    const h = c.res.headers;
    const https = isHttps(c.req.url, trustProxy ? c.req.header('x-forwarded-proto') : undefined);
    for (const [name, value] of securityHeaderEntries(https)) {
      if (!OVERRIDABLE.has(name) || !h.has(name)) h.set(name, value);
    }
  };
}

/** Headers a handler may set itself (a page CSP, the unsubscribe page's no-referrer). */
const OVERRIDABLE = new Set(['content-security-policy', 'referrer-policy', 'cross-origin-resource-policy']);

const BASE: [string, string][] = [
  ['content-security-policy', API_CSP],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=(), browsing-topics=(), interest-cohort=()'],
];
const WITH_HSTS: [string, string][] = [...BASE, ['strict-transport-security', 'max-age=31536000; includeSubDomains']];

/** The default security headers of a response, HSTS included when the request came over https. */
export function securityHeaderEntries(https: boolean): readonly [string, string][] {
  return https ? WITH_HSTS : BASE;
}

export function isHttps(url: string, forwardedProto: string | undefined): boolean {
  if (forwardedProto !== undefined) return forwardedProto.split(',')[0]?.trim().toLowerCase() === 'https';
  return url.startsWith('https:');
}
