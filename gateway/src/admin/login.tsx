import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { clientIp } from '../client.ts';
import type { AppEnv } from '../context.ts';
import { isHttps } from '../middleware/security-headers/index.ts';
import { readForm } from '../request.ts';
import type { LoginReason } from '../store/records.ts';
import { normaliseEmail } from './accounts.ts';
import { randomToken } from './crypto.ts';
import { isCrossSite } from './csrf.ts';
import { Layout, Messages, render } from './layout.tsx';
import { DEFAULT_NEXT, safeNext } from './next-path.ts';
import { forbiddenPage } from './pages.tsx';
import type { AdminRouteDeps } from './routes.ts';
import { SESSION_COOKIE } from './session.ts';
import { createLoginThrottle, type LoginThrottle } from './throttle.ts';

export const LOGIN_FAILED = 'The email or password is not right, or the account is disabled.';
export const LOGIN_THROTTLED = 'Too many failed sign-in attempts. Wait a few minutes, then try again.';

/** Starts a session for a user: a fresh id every time (no fixation), in an HttpOnly, SameSite=Strict cookie. */
export async function signIn(c: Context<AppEnv>, userId: string, trustProxy: boolean) {
  const auth = c.get('auth');
  if (!auth) throw new Error('auth service missing');
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous !== undefined) await auth.sessions.end(previous);
  const id = await auth.sessions.start(userId);
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c.req.url, trustProxy ? c.req.header('x-forwarded-proto') : undefined),
  });
}

/**
 * `GET /admin/login` shows the form; `POST /admin/login` (`email`, `password`) signs in and
 * redirects to `/admin`, or to the optional `next` field when that is a safe admin path (see
 * `safeNext`; the form carries it over from `?next=`, which requireAuth sets). Login CSRF is
 * refused by the Origin / Sec-Fetch-Site check (there is no session yet to bind a token to).
 * Unknown email, wrong password and disabled account get the same page, and each checks one
 * password hash, so neither the answer nor its timing tells them apart. `POST /admin/logout` is
 * CSRF-checked by the admin POST guard like every other form.
 */
export function registerLoginRoutes(
  app: Hono<AppEnv>,
  deps: AdminRouteDeps,
  throttle: LoginThrottle = createLoginThrottle(deps.now),
) {
  const { records, passwords, now, trustProxy, remoteAddress } = deps;
  // Unknown emails are checked against this, so they cost the same as a wrong password.
  const dummyHash = passwords.hash(randomToken(16));
  dummyHash.catch(() => undefined); // a failure surfaces on first use, as a 500
  const log = (userId: string | null, success: boolean, reason: LoginReason) =>
    records.loginLog.append({ userId, event: 'login', success, reason, at: new Date(now()) });

  app.get('/admin/login', async (c) => {
    const auth = c.get('auth');
    const next = safeNext(c.req.query('next'));
    if (auth && (await auth.sessions.resolve(getCookie(c, SESSION_COOKIE)))) return c.redirect(next, 303);
    const ended = c.req.query('ended') !== undefined;
    return render(c, <LoginPage next={next} notice={ended ? 'Your session has ended. Sign in again.' : undefined} />);
  });

  app.post('/admin/login', deps.loginRateLimit, async (c) => {
    if (isCrossSite(c, trustProxy)) return forbiddenPage(c, 'Sign in from the Candor admin login page.');
    const form = await readForm(c);
    const email = normaliseEmail(typeof form.email === 'string' ? form.email : '');
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);

    const verdict = await throttle.attempt(email, clientIp(c, trustProxy, remoteAddress));
    if (!verdict.allowed) {
      await log((await records.users.byEmail(email))?.id ?? null, false, 'throttled');
      c.header('retry-after', String(verdict.retryAfterSeconds));
      return render(c, <LoginPage next={next} error={LOGIN_THROTTLED} />, 429);
    }

    const user = email === '' ? undefined : await records.users.byEmail(email);
    // Bodies are capped at 64 KB, so even an absurd password costs one ordinary hash.
    const matches = await passwords.verify(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !matches || user.disabledAt !== null) {
      const reason: LoginReason = !user ? 'unknown_email' : !matches ? 'wrong_password' : 'disabled';
      await log(user?.id ?? null, false, reason);
      return render(c, <LoginPage next={next} error={LOGIN_FAILED} />, 401);
    }

    verdict.succeeded();
    await signIn(c, user.id, trustProxy);
    await log(user.id, true, 'ok');
    return c.redirect(next, 303);
  });

  app.post('/admin/logout', async (c) => {
    const principal = c.get('principal');
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined) await c.get('auth')?.sessions.end(cookie);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    if (principal?.kind === 'user') {
      await records.loginLog.append({
        userId: principal.id,
        event: 'logout',
        success: true,
        reason: 'logout',
        at: new Date(now()),
      });
    }
    return c.redirect('/admin/login', 303);
  });
}

interface LoginPageProps {
  /** A path already checked by safeNext. */
  next: string;
  error?: string | undefined;
  notice?: string | undefined;
}

function LoginPage({ next, error, notice }: LoginPageProps) {
  return (
    <Layout title="Sign in">
      <Messages notice={notice} error={error} />
      <form class="stack" method="post" action="/admin/login">
        {next !== DEFAULT_NEXT && <input type="hidden" name="next" value={next} />}
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required autofocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">
        No account yet? An admin creates one under Users, or on the server with <code>pnpm candor user add</code>.
      </p>
    </Layout>
  );
}
