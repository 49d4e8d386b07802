import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { loginUrl, safeNext } from '../../admin/next-path.ts';
import { forbiddenPage } from '../../admin/pages.tsx';
import { SESSION_COOKIE } from '../../admin/session.ts';
import type { AppEnv } from '../../context.ts';
import { problem } from '../../errors.ts';
import type { Role, Scope } from '../../store/records.ts';

export interface RequireAuthOptions {
  /**
   * Staff roles that may pass with a session. `admin` may always pass. Omitted: any signed-in
   * staff member.
   */
  roles?: readonly Role[];
  /** The scope an API key (`Authorization: Bearer cdr_…`) needs. Omitted: API keys are refused. */
  scope?: Scope;
}

/**
 * Lets a request through with EITHER a staff session whose role is allowed OR an API key with the
 * scope, and sets `principal` on the context (and `csrfToken` for a session).
 *
 * Without valid credentials, `/api/*` paths get a 401 problem and admin pages a redirect to
 * `/admin/login` (with `next`, the page asked for); with the wrong role or scope, a 403 (problem
 * for `/api/*`, page otherwise).
 * A principal set by an earlier `requireAuth` in the same request is reused, not looked up again.
 *
 * @example
 * app.get('/api/stats/summary', requireAuth({ scope: 'stats:read', roles: ['admin', 'marketer'] }), handler)
 */
export function requireAuth({ roles, scope }: RequireAuthOptions = {}): MiddlewareHandler<AppEnv> {
  const allows = (role: Role) => role === 'admin' || roles === undefined || roles.includes(role);
  return async function requireAuthMiddleware(c, next) {
    const auth = c.get('auth');
    if (!auth) throw new Error('requireAuth needs the auth service on the context (createApp sets it)');
    const api = isApiPath(c);
    const earlier = c.get('principal');
    const authorization = c.req.header('authorization');

    if (earlier?.kind === 'apikey' || (earlier === undefined && authorization !== undefined)) {
      let scopes = earlier?.kind === 'apikey' ? earlier.scopes : undefined;
      if (earlier === undefined) {
        const token = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '')?.[1];
        const key = token === undefined ? undefined : await auth.apiKey(token);
        if (!key) {
          return problem(c, 'unauthorized', 'The API key is missing, malformed, unknown or revoked.', {
            'www-authenticate': 'Bearer error="invalid_token"',
          });
        }
        c.set('principal', { kind: 'apikey', id: key.id, scopes: key.scopes });
        scopes = key.scopes;
      }
      if (scope === undefined || !scopes?.includes(scope)) {
        const detail = scope
          ? `This API key lacks the ${scope} scope.`
          : 'This route takes a staff session, not an API key.';
        const headers: Record<string, string> = scope
          ? { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` }
          : {};
        return api ? problem(c, 'forbidden', detail, headers) : forbiddenPage(c, detail);
      }
      return next();
    }

    if (earlier === undefined) {
      const cookie = getCookie(c, SESSION_COOKIE);
      const signedIn = await auth.sessions.resolve(cookie);
      if (!signedIn) {
        if (cookie !== undefined) deleteCookie(c, SESSION_COOKIE, { path: '/' });
        if (api) {
          return problem(c, 'unauthorized', 'Sign in, or send an API key as `Authorization: Bearer <key>`.', {
            'www-authenticate': 'Bearer realm="candor"',
          });
        }
        // Back to the page asked for after signing in; a form POST cannot be replayed, so not for those.
        const url = new URL(c.req.url);
        const next = c.req.method === 'GET' || c.req.method === 'HEAD' ? safeNext(url.pathname + url.search) : '/admin';
        return c.redirect(loginUrl(next, cookie !== undefined), 303);
      }
      const { user } = signedIn;
      c.set('principal', { kind: 'user', id: user.id, role: user.role, email: user.email });
      c.set('csrfToken', await auth.csrfToken(signedIn.id));
    }
    const principal = c.get('principal');
    if (principal?.kind !== 'user' || !allows(principal.role)) {
      const detail = 'Your role does not give access to this page.';
      return api ? problem(c, 'forbidden', detail) : forbiddenPage(c, detail);
    }
    return next();
  };
}

function isApiPath(c: Context): boolean {
  return c.req.path.startsWith('/api/');
}
