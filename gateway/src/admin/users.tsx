import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { ROLES, type User } from '../store/records.ts';
import { AccountError, addUser, changeRole, disableUser, setDigest } from './accounts.ts';
import { CsrfField, chrome, formatTime, Layout, Messages, ROLE_LABELS, render, staffUser } from './layout.tsx';
import { PASSWORD_MIN_LENGTH } from './passwords.ts';
import type { AdminRouteDeps } from './routes.ts';

const NOTICES: Record<string, string> = {
  created: 'User created. Give them their password through a channel only they can read.',
  disabled: 'User disabled. Their sessions have ended.',
  role: 'Role changed.',
  digest: 'Weekly digest setting saved.',
};

/** `/admin/users` (admin only): list, create with a role, change role, disable. */
export function registerUserRoutes(app: Hono<AppEnv>, deps: AdminRouteDeps) {
  const adminOnly = requireAuth({ roles: ['admin'] });
  const actorId = (c: Context<AppEnv>) => staffUser(c).id;
  const page = async (c: Context<AppEnv>, status: 200 | 400, form: FormState = {}) =>
    render(
      c,
      <UsersPage
        c={c}
        users={await deps.records.users.list()}
        self={actorId(c)}
        notice={NOTICES[c.req.query('notice') ?? '']}
        {...form}
      />,
      status,
    );
  const attempt = async (c: Context<AppEnv>, change: () => Promise<unknown>, notice: string, form?: FormState) => {
    try {
      await change();
      return c.redirect(`/admin/users?notice=${notice}`, 303);
    } catch (error) {
      if (error instanceof AccountError) return page(c, 400, { ...form, error: error.message });
      throw error;
    }
  };

  app.get('/admin/users', adminOnly, (c) => page(c, 200));

  app.post('/admin/users', adminOnly, async (c) => {
    const form = await c.req.parseBody();
    const input = {
      email: typeof form.email === 'string' ? form.email : '',
      role: typeof form.role === 'string' ? form.role : '',
      password: typeof form.password === 'string' ? form.password : '',
    };
    return attempt(c, () => addUser(deps, input, `user:${actorId(c)}`), 'created', {
      email: input.email,
      role: input.role,
    });
  });

  app.post('/admin/users/:id/role', adminOnly, async (c) => {
    const role = (await c.req.parseBody()).role;
    return attempt(
      c,
      () => changeRole(deps, actorId(c), c.req.param('id'), typeof role === 'string' ? role : ''),
      'role',
    );
  });

  app.post('/admin/users/:id/digest', adminOnly, async (c) => {
    const on = (await c.req.parseBody()).on === '1';
    return attempt(c, () => setDigest(deps, actorId(c), c.req.param('id'), on), 'digest');
  });

  app.post('/admin/users/:id/disable', adminOnly, (c) =>
    attempt(c, () => disableUser(deps, actorId(c), c.req.param('id')), 'disabled'),
  );
}

interface FormState {
  error?: string;
  email?: string;
  role?: string;
}

function UsersPage({
  c,
  users,
  self,
  notice,
  error,
  email,
  role,
}: FormState & { c: Context<AppEnv>; users: User[]; self: string; notice: string | undefined }) {
  return (
    <Layout title="Users" {...chrome(c, '/admin/users')}>
      <Messages notice={notice} error={error} />
      <div class="table-wrap">
        <table>
          <caption class="muted">{users.length} staff accounts</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">Weekly digest</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{formatTime(u.createdAt)}</td>
                <td>{u.disabledAt ? `Disabled ${formatTime(u.disabledAt)}` : 'Active'}</td>
                <td>
                  {u.role === 'privacy' || u.disabledAt !== null ? (
                    <span class="muted">Not sent</span>
                  ) : (
                    <form method="post" action={`/admin/users/${u.id}/digest`}>
                      <CsrfField c={c} />
                      <input type="hidden" name="on" value={u.digestOptIn ? '0' : '1'} />
                      <span>{u.digestOptIn ? 'On' : 'Off'} </span>
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={`Turn the weekly digest ${u.digestOptIn ? 'off' : 'on'} for ${u.email}`}
                      >
                        {u.digestOptIn ? 'Turn off' : 'Turn on'}
                      </button>
                    </form>
                  )}
                </td>
                <td>
                  {u.id === self ? (
                    <span class="muted">This is you</span>
                  ) : (
                    u.disabledAt === null && (
                      <>
                        <form method="post" action={`/admin/users/${u.id}/role`}>
                          <CsrfField c={c} />
                          <label>
                            <span class="visually-hidden">Role for {u.email}</span>
                            <select name="role">
                              {ROLES.map((r) => (
                                <option value={r} selected={r === u.role}>
                                  {ROLE_LABELS[r]}
                                </option>
                              ))}
                            </select>
                          </label>
                          <button type="submit" class="secondary">
                            Change role
                          </button>
                        </form>
                        <form method="post" action={`/admin/users/${u.id}/disable`}>
                          <CsrfField c={c} />
                          <button type="submit" class="danger" aria-label={`Disable ${u.email}`}>
                            Disable
                          </button>
                        </form>
                      </>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="create">Create a user</h2>
      <form class="stack" method="post" action="/admin/users" aria-labelledby="create">
        <CsrfField c={c} />
        <label>
          Email
          <input type="email" name="email" autocomplete="off" required value={email ?? ''} />
        </label>
        <label>
          Role
          <select name="role">
            {ROLES.map((r) => (
              <option value={r} selected={r === (role ?? 'marketer')}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Initial password <span class="hint">At least {PASSWORD_MIN_LENGTH} characters.</span>
          <input type="password" name="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} />
        </label>
        <button type="submit">Create user</button>
      </form>
    </Layout>
  );
}
