import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { readForm } from '../request.ts';
import { AccountError, addFirstAdmin } from './accounts.ts';
import { importHmacKey } from './crypto.ts';
import { isCrossSite } from './csrf.ts';
import { Layout, render } from './layout.tsx';
import { signIn } from './login.tsx';
import { forbiddenPage } from './pages.tsx';
import { PASSWORD_MIN_LENGTH } from './passwords.ts';
import type { AdminRouteDeps } from './routes.ts';
import { setupTokenMatches, signedSetupTokenMatches } from './setup-link.ts';

/**
 * `/admin/setup/:token`: the one-time link main.ts prints when no user exists (in development), or
 * one that `pnpm candor setup-link` signed. GET shows the form
 * and changes nothing; POST creates the first admin (only while no user exists), consumes the
 * link and signs the new admin in. The unguessable token in the path stands in for a CSRF token.
 */
export function registerSetupRoutes(app: Hono<AppEnv>, deps: AdminRouteDeps) {
  const { records, now, trustProxy, setupLink } = deps;
  const setupKey = deps.setupKey && importHmacKey(deps.setupKey);
  let consumed = false;
  const matches = async (token: string) =>
    (setupLink !== undefined && !consumed && (await setupTokenMatches(setupLink, token, now()))) ||
    (setupKey !== undefined && (await signedSetupTokenMatches(await setupKey, token, now())));
  const usable = async (token: string) => (await matches(token)) && (await records.users.count()) === 0;

  app.get('/admin/setup/:token', async (c) => {
    if (!(await usable(c.req.param('token')))) return invalidLink(c);
    return render(c, <SetupPage />);
  });

  app.post('/admin/setup/:token', deps.loginRateLimit, async (c) => {
    if (isCrossSite(c, trustProxy)) return forbiddenPage(c, 'Open the setup link itself to create the first admin.');
    if (!(await usable(c.req.param('token')))) return invalidLink(c);
    const form = await readForm(c);
    const email = typeof form.email === 'string' ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    if (password !== form.confirm)
      return render(c, <SetupPage email={email} error="The passwords do not match." />, 400);
    try {
      const user = await addFirstAdmin(deps, { email, password });
      if (!user) return invalidLink(c);
      consumed = true;
      await signIn(c, user.id, trustProxy);
      await records.loginLog.append({
        userId: user.id,
        event: 'login',
        success: true,
        reason: 'setup',
        at: new Date(now()),
      });
      return c.redirect('/admin', 303);
    } catch (error) {
      if (error instanceof AccountError) return render(c, <SetupPage email={email} error={error.message} />, 400);
      throw error;
    }
  });
}

function invalidLink(c: Context<AppEnv>) {
  return render(
    c,
    <Layout title="Setup link not valid">
      <p>
        This setup link has expired, has been used, or an account already exists. Sign in at{' '}
        <a href="/admin/login">the login page</a>, or create an admin on the server with{' '}
        <code>pnpm candor user add --email you@example.com --role admin --password-stdin</code>. Restarting Candor while
        no account exists prints a new link.
      </p>
    </Layout>,
    404,
  );
}

function SetupPage({ email, error }: { email?: string; error?: string }) {
  return (
    <Layout title="Create the first admin">
      <p>Choose the email and password of the first admin account. This link works once.</p>
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      <form class="stack" method="post">
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required value={email ?? ''} autofocus />
        </label>
        <label>
          Password <span class="hint">At least {PASSWORD_MIN_LENGTH} characters; a passphrase works well.</span>
          <input type="password" name="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} />
        </label>
        <label>
          Password again
          <input type="password" name="confirm" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} />
        </label>
        <button type="submit">Create admin and sign in</button>
      </form>
    </Layout>
  );
}
