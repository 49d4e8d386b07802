import { describe, expect, it } from 'vitest';
import type { Role } from '../store/records.ts';
import { testApp } from '../testing.ts';
import { createApiKey } from './accounts.ts';
import { accountDeps, form, PASSWORD, seedUser, signedIn } from './fixtures.ts';

interface AdminRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Roles that may use it; admin always may. */
  roles: readonly Role[];
  fields?: Record<string, string>;
}

const ANY: readonly Role[] = ['admin', 'marketer', 'privacy'];
const PRIVACY: readonly Role[] = ['admin', 'privacy'];
const ADMIN: readonly Role[] = ['admin'];
const TARGET = ':target';

/** Every admin route that needs a session. `:target` becomes another user's or a key's id. */
const ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/admin', roles: ANY },
  { method: 'POST', path: '/admin/logout', roles: ANY },
  { method: 'GET', path: '/admin/users', roles: ADMIN },
  {
    method: 'POST',
    path: '/admin/users',
    roles: ADMIN,
    fields: { email: 'new@example.test', role: 'marketer', password: 'a long enough password' },
  },
  { method: 'POST', path: `/admin/users/${TARGET}/role`, roles: ADMIN, fields: { role: 'privacy' } },
  { method: 'POST', path: `/admin/users/${TARGET}/digest`, roles: ADMIN, fields: { on: '1' } },
  { method: 'POST', path: `/admin/users/${TARGET}/disable`, roles: ADMIN },
  { method: 'GET', path: '/admin/api-keys', roles: ADMIN },
  { method: 'POST', path: '/admin/api-keys', roles: ADMIN, fields: { name: 'sender', scope: 'stats:read' } },
  { method: 'POST', path: `/admin/api-keys/${TARGET}/revoke`, roles: ADMIN },
  { method: 'GET', path: '/admin/login-log', roles: ADMIN },
  { method: 'GET', path: '/admin/audit', roles: ADMIN },
  { method: 'GET', path: '/admin/jobs', roles: ADMIN },
  { method: 'POST', path: '/admin/jobs/no-such-job/run', roles: ADMIN },
  { method: 'GET', path: '/admin/inventory', roles: PRIVACY },
  { method: 'GET', path: '/admin/suppressions', roles: PRIVACY },
  { method: 'GET', path: '/admin/suppressions.csv', roles: PRIVACY },
  { method: 'POST', path: '/admin/suppressions/search', roles: PRIVACY, fields: { email: 'a@example.test' } },
  { method: 'POST', path: '/admin/suppressions', roles: PRIVACY, fields: { email: 'a@example.test', list: '*' } },
  { method: 'POST', path: '/admin/suppressions/deliveries/1/retry', roles: PRIVACY },
  { method: 'GET', path: '/admin/requests', roles: PRIVACY },
  { method: 'GET', path: '/admin/requests?status=all', roles: PRIVACY },
  { method: 'GET', path: '/admin/requests/no-such-request', roles: PRIVACY },
  { method: 'POST', path: '/admin/requests/no-such-request/start', roles: PRIVACY, fields: { notify: '1' } },
  { method: 'POST', path: '/admin/requests/no-such-request/wait', roles: PRIVACY },
  { method: 'POST', path: '/admin/requests/no-such-request/note', roles: PRIVACY, fields: { text: 'Called.' } },
  { method: 'POST', path: '/admin/requests/no-such-request/extend', roles: PRIVACY, fields: { reason: 'Busy.' } },
  { method: 'POST', path: '/admin/requests/no-such-request/complete', roles: PRIVACY, fields: { note: 'Done.' } },
  { method: 'POST', path: '/admin/requests/no-such-request/reject', roles: PRIVACY, fields: { reasons: 'No.' } },
  {
    method: 'POST',
    path: '/admin/requests/no-such-request/reply',
    roles: PRIVACY,
    fields: { template: 'status', text: 'Hello.' },
  },
  { method: 'GET', path: '/admin/no-such-page', roles: ANY },
  { method: 'GET', path: '/admin/account', roles: ANY },
  {
    method: 'POST',
    path: '/admin/account/password',
    roles: ANY,
    fields: { current: PASSWORD, password: 'another long password', confirm: 'another long password' },
  },
];

async function setup() {
  const t = testApp();
  const target = await seedUser(t.deps, 'marketer', 'target@example.test');
  const key = await createApiKey(accountDeps(t.deps), { name: 'target', scopes: ['stats:read'] }, 'cli');
  return { ...t, target, key };
}

function request(
  route: AdminRoute,
  ids: { user: string; key: string },
  headers: Record<string, string>,
  csrf?: string,
) {
  const path = route.path.replace(TARGET, route.path.includes('api-keys') ? ids.key : ids.user);
  if (route.method === 'GET') return { path, init: { headers } };
  return { path, init: form({ ...route.fields, ...(csrf ? { _csrf: csrf } : {}) }, headers) };
}

describe.each(ROUTES)('$method $path', (route) => {
  it('sends anonymous visitors to the login page and changes nothing', async () => {
    const { app, deps, target, key } = await setup();
    const before = await deps.records.audit.list();
    const { path, init } = request(route, { user: target.id, key: key.id }, {});
    const res = await app.request(path, init);
    expect(res.status).toBe(303);
    // A page comes back after signing in; a form post cannot be replayed, so it does not.
    const next = route.method === 'GET' && path !== '/admin' ? `?next=${encodeURIComponent(path)}` : '';
    expect(res.headers.get('location')).toBe(`/admin/login${next}`);
    expect(await deps.records.audit.list()).toEqual(before);
  });

  it('refuses an API key, whatever its scopes', async () => {
    const { app, deps, target, key } = await setup();
    const all = await createApiKey(
      accountDeps(deps),
      { name: 'all', scopes: ['stats:read', 'unsubscribe:write', 'suppressions:read'] },
      'cli',
    );
    const { path, init } = request(route, { user: target.id, key: key.id }, { authorization: `Bearer ${all.key}` });
    expect((await app.request(path, init)).status).toBe(403);
  });

  it.each(ANY)('as %s: allowed only for its roles', async (role) => {
    const { app, deps, target, key } = await setup();
    const session = await signedIn(app, deps, role);
    const before = (await deps.records.audit.list()).length;
    const { path, init } = request(route, { user: target.id, key: key.id }, session.headers, session.csrf);
    const res = await app.request(path, init);
    if (route.roles.includes(role)) {
      expect([200, 303, 404]).toContain(res.status);
      if (res.status === 303) expect(res.headers.get('location')).not.toBe('/admin/login?ended');
    } else {
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Your role does not give access to this page.');
      expect((await deps.records.audit.list()).length).toBe(before);
    }
  });
});

describe('public admin routes', () => {
  it.each(['/admin/login', '/admin/setup/not-a-token'])('GET %s needs no session', async (path) => {
    const { app } = testApp();
    expect([200, 404]).toContain((await app.request(path)).status);
  });
});
