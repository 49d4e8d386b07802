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
    setDefault(h, 'content-security-policy', API_CSP);
    setDefault(h, 'referrer-policy', 'strict-origin-when-cross-origin');
    h.set('x-content-type-options', 'nosniff');
    h.set('x-frame-options', 'DENY');
    h.set('cross-origin-opener-policy', 'same-origin');
    setDefault(h, 'cross-origin-resource-policy', 'same-origin');
    h.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), browsing-topics=(), interest-cohort=()');
    if (isHttps(c.req.url, trustProxy ? c.req.header('x-forwarded-proto') : undefined)) {
      h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
  };
}

function setDefault(headers: Headers, name: string, value: string) {
  if (!headers.has(name)) headers.set(name, value);
}

export function isHttps(url: string, forwardedProto: string | undefined): boolean {
  if (forwardedProto !== undefined) return forwardedProto.split(',')[0]?.trim().toLowerCase() === 'https';
  return url.startsWith('https:');
}
