import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { clientIp } from '../client.ts';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { AccountError, changePassword, setDigest, WrongPasswordError } from './accounts.ts';
import { sha256Hex } from './crypto.ts';
import { CsrfField, chrome, Layout, Messages, ROLE_LABELS, render, staffUser } from './layout.tsx';
import { LOGIN_THROTTLED } from './login.tsx';
import { PASSWORD_MIN_LENGTH } from './passwords.ts';
import type { AdminRouteDeps } from './routes.ts';
import { SESSION_COOKIE } from './session.ts';
import type { LoginThrottle } from './throttle.ts';

export const ACCOUNT_PATH = '/admin/account';
export const PASSWORD_CHANGED = 'Password changed. You are still signed in here; every other session has ended.';
const DIGEST_SAVED = { on: 'The weekly digest is on: it comes every Monday.', off: 'The weekly digest is off.' };
/** The roles the weekly digest goes to (reports/digest.ts). */
const DIGEST_ROLES: ReadonlySet<string> = new Set(['admin', 'marketer']);

/**
 * `/admin/account` (any signed-in staff member): change one's own password. A wrong current
 * password is a 400 and counts against the same throttle as failed sign-ins, so a borrowed session
 * cannot be used to guess it. Session and CSRF checks come from the admin POST guard.
 */
export function registerAccountRoutes(app: Hono<AppEnv>, deps: AdminRouteDeps, throttle: LoginThrottle) {
  const signedIn = requireAuth();
  const user = staffUser;
  const page = async (c: Context<AppEnv>, status: 200 | 400 | 429 = 200, error?: string) => {
    const digestOn = (await deps.records.users.byId(user(c).id))?.digestOptIn ?? false;
    const notice = noticeOf(c.req.query('notice'));
    return render(c, <AccountPage c={c} notice={notice} error={error} digestOn={digestOn} />, status);
  };

  app.get(ACCOUNT_PATH, signedIn, (c) => page(c));

  // The digest goes to admins and marketers; requireAuth lets admins in always.
  app.post(`${ACCOUNT_PATH}/digest`, requireAuth({ roles: ['marketer'] }), async (c) => {
    const { id } = user(c);
    const form = await c.req.parseBody();
    const on = form.on === '1';
    await setDigest(deps, `user:${id}`, id, on);
    return c.redirect(`${ACCOUNT_PATH}?notice=digest-${on ? 'on' : 'off'}#digest`, 303);
  });

  app.post(`${ACCOUNT_PATH}/password`, signedIn, async (c) => {
    const { id, email } = user(c);
    const form = await c.req.parseBody();
    const field = (name: string) => {
      const value = form[name];
      return typeof value === 'string' ? value : '';
    };
    const verdict = await throttle.attempt(email, clientIp(c, deps.trustProxy, deps.remoteAddress));
    if (!verdict.allowed) {
      c.header('retry-after', String(verdict.retryAfterSeconds));
      return page(c, 429, LOGIN_THROTTLED);
    }
    const keep = await sha256Hex(getCookie(c, SESSION_COOKIE) ?? '');
    try {
      await changePassword(
        deps,
        id,
        { current: field('current'), password: field('password'), confirm: field('confirm') },
        keep,
      );
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      if (!(error instanceof WrongPasswordError)) verdict.succeeded(); // the current password was right
      return page(c, 400, error.message);
    }
    verdict.succeeded();
    return c.redirect(`${ACCOUNT_PATH}?notice=password`, 303);
  });
}

function noticeOf(query: string | undefined): string | undefined {
  if (query === 'password') return PASSWORD_CHANGED;
  if (query === 'digest-on') return DIGEST_SAVED.on;
  if (query === 'digest-off') return DIGEST_SAVED.off;
  return undefined;
}

interface AccountPageProps {
  c: Context<AppEnv>;
  digestOn: boolean;
  notice?: string | undefined;
  error?: string | undefined;
}

function AccountPage({ c, notice, error, digestOn }: AccountPageProps) {
  const { user, ...rest } = chrome(c, ACCOUNT_PATH);
  return (
    <Layout title="Your account" user={user} {...rest}>
      <Messages notice={notice} error={error} />
      {user && (
        <p>
          Signed in as {user.email}, with the {ROLE_LABELS[user.role]} role.
        </p>
      )}
      <h2 id="password">Change your password</h2>
      <form class="stack" method="post" action={`${ACCOUNT_PATH}/password`} aria-labelledby="password">
        <CsrfField c={c} />
        <input type="text" name="username" autocomplete="username" value={user?.email ?? ''} hidden />
        <label>
          Current password
          <input type="password" name="current" autocomplete="current-password" required />
        </label>
        <label>
          New password <span class="hint">At least {PASSWORD_MIN_LENGTH} characters; a passphrase works well.</span>
          <input type="password" name="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} />
        </label>
        <label>
          New password again
          <input type="password" name="confirm" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} />
        </label>
        <button type="submit">Change password</button>
      </form>
      <p class="muted">Changing it signs you out everywhere else.</p>
      {user && DIGEST_ROLES.has(user.role) && (
        <>
          <h2 id="digest">Weekly digest</h2>
          <p>
            {digestOn
              ? 'On: every Monday you get last week’s visitors, visits, top sources and pages by email.'
              : 'Off. Turn it on to get last week’s figures by email every Monday.'}
          </p>
          <form method="post" action={`${ACCOUNT_PATH}/digest`}>
            <CsrfField c={c} />
            <input type="hidden" name="on" value={digestOn ? '0' : '1'} />
            <button type="submit">{digestOn ? 'Turn the weekly digest off' : 'Turn the weekly digest on'}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
