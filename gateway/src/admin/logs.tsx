import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import type { AuditEntry, LoginEntry, LoginReason } from '../store/records.ts';
import { chrome, formatTime, Layout, render } from './layout.tsx';
import type { AdminRouteDeps } from './routes.ts';

const PAGE_SIZE = 50;

const REASONS: Record<LoginReason, string> = {
  ok: 'signed in',
  setup: 'signed in after creating the first admin',
  unknown_email: 'unknown email',
  wrong_password: 'wrong password',
  disabled: 'account disabled',
  throttled: 'too many attempts',
  logout: 'signed out',
};

/** `/admin/login-log` and `/admin/audit` (admin only), newest first, 50 a page. */
export function registerLogRoutes(app: Hono<AppEnv>, { records }: AdminRouteDeps) {
  const adminOnly = requireAuth({ roles: ['admin'] });
  const emails = async () => new Map((await records.users.list()).map((u) => [u.id, u.email]));

  app.get('/admin/login-log', adminOnly, async (c) => {
    const entries = await records.loginLog.list({ limit: PAGE_SIZE, before: before(c) });
    const names = await emails();
    return render(
      c,
      <Layout title="Login log" {...chrome(c, '/admin/login-log')}>
        <p>Sign-in attempts and sign-outs. No IP address or attempted email is kept.</p>
        <Table head={['Time', 'User', 'Event', 'Result']}>
          {entries.map((e: LoginEntry) => (
            <tr>
              <td>{formatTime(e.at)}</td>
              <td>{e.userId ? (names.get(e.userId) ?? e.userId) : <span class="muted">no such user</span>}</td>
              <td>{e.event === 'login' ? 'Sign-in' : 'Sign-out'}</td>
              <td>{`${e.success ? 'Success' : 'Failed'}: ${REASONS[e.reason] ?? e.reason}`}</td>
            </tr>
          ))}
        </Table>
        <Older path="/admin/login-log" entries={entries} />
      </Layout>,
    );
  });

  app.get('/admin/audit', adminOnly, async (c) => {
    const entries = await records.audit.list({ limit: PAGE_SIZE, before: before(c) });
    const names = await emails();
    const who = (ref: string) => (ref.startsWith('user:') ? (names.get(ref.slice(5)) ?? ref) : ref);
    return render(
      c,
      <Layout title="Audit log" {...chrome(c, '/admin/audit')}>
        <p>Every change made by staff, the CLI or the system. Entries cannot be edited.</p>
        <Table head={['Time', 'Who', 'Action', 'Target', 'Change']}>
          {entries.map((e: AuditEntry) => (
            <tr>
              <td>{formatTime(e.at)}</td>
              <td>{who(e.actor)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{who(e.target)}</td>
              <td>{change(e)}</td>
            </tr>
          ))}
        </Table>
        <Older path="/admin/audit" entries={entries} />
      </Layout>,
    );
  });
}

function before(c: Context): number | undefined {
  const n = Number(c.req.query('before'));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function change(e: AuditEntry): string {
  const parts = [
    e.before === null ? '' : `before ${JSON.stringify(e.before)}`,
    e.after === null ? '' : `after ${JSON.stringify(e.after)}`,
  ];
  return parts.filter(Boolean).join('; ') || '—';
}

function Table({ head, children }: { head: string[]; children?: Child }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function Older({ path, entries }: { path: string; entries: { id: number }[] }) {
  const last = entries.at(-1);
  if (entries.length < PAGE_SIZE || !last) return <p class="muted">End of the log.</p>;
  return (
    <p>
      <a href={`${path}?before=${last.id}`}>Older entries</a>
    </p>
  );
}
