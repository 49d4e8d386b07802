import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { isHttps } from '../middleware/security-headers/index.ts';
import { readForm } from '../request.ts';
import { constantTimeEqual, hmac } from './crypto.ts';
import { CSRF_FIELD } from './layout.tsx';
import { forbiddenPage } from './pages.tsx';

/**
 * The CSRF token of a session: HMAC-SHA-256 of the session id under a key derived from the master
 * secret. Nothing is stored; it changes with every new session and is useless without the cookie.
 */
export function csrfTokenFor(key: CryptoKey, sessionId: string): Promise<string> {
  return hmac(key, `csrf|${sessionId}`);
}

/**
 * True when the browser says the request comes from another site. `Sec-Fetch-Site` decides when
 * present (browsers set it and pages cannot forge it); it must be `same-origin`. Without it, an
 * `Origin` other than this one (`null` included) is cross-site. Requests with neither header
 * (curl, scripts) pass: a browser that could be made to post a cross-site form sends one of them.
 * (`Origin: null` alone is not trusted, but with `Sec-Fetch-Site: same-origin` it is this site:
 * Chromium sends it for same-origin form posts from a page with a strict referrer policy.)
 */
export function isCrossSite(c: Context, trustProxy: boolean): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin';
  const origin = c.req.header('origin');
  return origin !== undefined && origin !== ownOrigin(c, trustProxy);
}

/**
 * This request's origin as the browser saw it: `Host`, with the scheme from X-Forwarded-Proto
 * behind a trusted proxy. X-Forwarded-Host is never read (a proxy must pass `Host` on), and the
 * known-host middleware has already refused a `Host` this gateway does not serve.
 */
export function ownOrigin(c: Context, trustProxy: boolean): string {
  const https = isHttps(c.req.url, trustProxy ? c.req.header('x-forwarded-proto') : undefined);
  return `${https ? 'https' : 'http'}://${new URL(c.req.url).host}`;
}

/**
 * Refuses a state-changing admin request that is cross-site or lacks the session's `_csrf`
 * token (compared in constant time). Runs after `requireAuth`, which sets the expected token.
 *
 * @example
 * app.post('/admin/users', requireAuth({ roles: ['admin'] }), verifyCsrf(), handler)
 */
export function verifyCsrf(): MiddlewareHandler<AppEnv> {
  return async function verifyCsrfMiddleware(c, next) {
    const expected = c.get('csrfToken');
    const trustProxy = c.get('auth')?.trustProxy ?? false;
    const body = await readForm(c);
    const sent = body[CSRF_FIELD];
    if (
      isCrossSite(c, trustProxy) ||
      expected === undefined ||
      typeof sent !== 'string' ||
      !constantTimeEqual(sent, expected)
    ) {
      return forbiddenPage(
        c,
        'This form has expired or was sent from another site. Go back, reload the page and try again.',
      );
    }
    await next();
  };
}
