import { describe, expect, it } from 'vitest';
import { seedRequest, testUnsubscribe } from '../requests/workflow.fixtures.ts';
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
  /** What an allowed role gets, when not a page (GET: 200) or a redirect after a form (POST: 303). */
  status?: 200 | 404 | 409;
  /** Where a 303 leads; by default anywhere but the login page. */
  location?: string;
  /** What a 404 says: a route's own answer, so a deleted route (the generic 404) fails. */
  notFound?: string;
}

const ANY: readonly Role[] = ['admin', 'marketer', 'privacy'];
const PRIVACY: readonly Role[] = ['admin', 'privacy'];
const ADMIN: readonly Role[] = ['admin'];
/** Every admin route that needs a session. `:user`, `:key` and `:request` become a seeded record's id. */
const ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/admin', roles: ANY },
  { method: 'POST', path: '/admin/logout', roles: ANY, location: '/admin/login' },
  { method: 'GET', path: '/admin/users', roles: ADMIN },
  {
    method: 'POST',
    path: '/admin/users',
    roles: ADMIN,
    fields: { email: 'new@example.test', role: 'marketer', password: 'a long enough password' },
  },
  { method: 'POST', path: '/admin/users/:user/role', roles: ADMIN, fields: { role: 'privacy' } },
  { method: 'POST', path: '/admin/users/:user/digest', roles: ADMIN, fields: { on: '1' } },
  { method: 'POST', path: '/admin/users/:user/disable', roles: ADMIN },
  { method: 'GET', path: '/admin/api-keys', roles: ADMIN },
  {
    method: 'POST',
    path: '/admin/api-keys',
    status: 200,
    roles: ADMIN,
    fields: { name: 'sender', scope: 'stats:read' },
  },
  { method: 'POST', path: '/admin/api-keys/:key/revoke', roles: ADMIN },
  { method: 'GET', path: '/admin/login-log', roles: ADMIN },
  { method: 'GET', path: '/admin/audit', roles: ADMIN },
  { method: 'GET', path: '/admin/jobs', roles: ADMIN },
  { method: 'POST', path: '/admin/jobs/no-such-job/run', roles: ADMIN, location: '/admin/jobs' },
  { method: 'GET', path: '/admin/inventory', roles: PRIVACY },
  { method: 'GET', path: '/admin/suppressions', roles: PRIVACY },
  { method: 'GET', path: '/admin/suppressions.csv', roles: PRIVACY },
  {
    method: 'POST',
    path: '/admin/suppressions/search',
    status: 200,
    roles: PRIVACY,
    fields: { email: 'a@example.test' },
  },
  { method: 'POST', path: '/admin/suppressions', roles: PRIVACY, fields: { email: 'a@example.test', list: '*' } },
  {
    method: 'POST',
    path: '/admin/suppressions/lift',
    roles: PRIVACY,
    fields: { email: 'a@example.test', list: '*', reason: 'Asked to be mailed again.' },
  },
  {
    method: 'POST',
    path: '/admin/suppressions/deliveries/1/retry',
    status: 404,
    roles: PRIVACY,
    notFound: 'There is no such delivery to retry.',
  },
  { method: 'GET', path: '/admin/requests', roles: PRIVACY },
  { method: 'GET', path: '/admin/requests?status=all', roles: PRIVACY },
  { method: 'GET', path: '/admin/requests/:request', roles: PRIVACY },
  { method: 'POST', path: '/admin/requests/:request/start', roles: PRIVACY, fields: { notify: '1' } },
  // A request must be started before it can wait for the requester.
  { method: 'POST', path: '/admin/requests/:request/wait', status: 409, roles: PRIVACY },
  { method: 'POST', path: '/admin/requests/:request/note', roles: PRIVACY, fields: { text: 'Called.' } },
  { method: 'POST', path: '/admin/requests/:request/extend', roles: PRIVACY, fields: { reason: 'Busy.' } },
  { method: 'POST', path: '/admin/requests/:request/complete', roles: PRIVACY, fields: { note: 'Done.' } },
  { method: 'POST', path: '/admin/requests/:request/reject', roles: PRIVACY, fields: { reasons: 'No.' } },
  {
    method: 'POST',
    path: '/admin/requests/:request/reply',
    roles: PRIVACY,
    fields: { template: 'status', text: 'Hello.' },
  },
  {
    method: 'GET',
    path: '/admin/no-such-page',
    status: 404,
    roles: ANY,
    notFound: 'There is no admin page at this address.',
  },
  { method: 'GET', path: '/admin/account', roles: ANY },
  { method: 'POST', path: '/admin/account/digest', roles: ['admin', 'marketer'], fields: { on: '0' } },
  {
    method: 'POST',
    path: '/admin/account/password',
    roles: ANY,
    fields: { current: PASSWORD, password: 'another long password', confirm: 'another long password' },
  },
];

interface Ids {
  user: string;
  key: string;
  request: string;
}

async function setup() {
  const t = testApp();
  const { config, records } = t.deps;
  const user = await seedUser(t.deps, 'marketer', 'target@example.test');
  const key = await createApiKey(accountDeps(t.deps), { name: 'target', scopes: ['stats:read'] }, 'cli');
  const unsubscribe = testUnsubscribe(config, records, () => Date.now());
  const request = await seedRequest({ config, records, unsubscribe }, { receivedAt: new Date() });
  const ids: Ids = { user: user.id, key: key.id, request: request.id };
  return { ...t, ids };
}

function request(route: AdminRoute, ids: Ids, headers: Record<string, string>, csrf?: string) {
  const path = route.path.replace(/:(user|key|request)\b/, (_, name: keyof Ids) => ids[name]);
  if (route.method === 'GET') return { path, init: { headers } };
  return { path, init: form({ ...route.fields, ...(csrf ? { _csrf: csrf } : {}) }, headers) };
}

describe.each(ROUTES)('$method $path', (route) => {
  it('sends anonymous visitors to the login page and changes nothing', async () => {
    const { app, deps, ids } = await setup();
    const before = await deps.records.audit.list();
    const { path, init } = request(route, ids, {});
    const res = await app.request(path, init);
    expect(res.status).toBe(303);
    // A page comes back after signing in; a form post cannot be replayed, so it does not.
    const next = route.method === 'GET' && path !== '/admin' ? `?next=${encodeURIComponent(path)}` : '';
    expect(res.headers.get('location')).toBe(`/admin/login${next}`);
    expect(await deps.records.audit.list()).toEqual(before);
  });

  it('refuses an API key, whatever its scopes', async () => {
    const { app, deps, ids } = await setup();
    const all = await createApiKey(
      accountDeps(deps),
      { name: 'all', scopes: ['stats:read', 'unsubscribe:write', 'suppressions:read'] },
      'cli',
    );
    const { path, init } = request(route, ids, { authorization: `Bearer ${all.key}` });
    expect((await app.request(path, init)).status).toBe(403);
  });

  it.each(ANY)('as %s: allowed only for its roles', async (role) => {
    const { app, deps, ids } = await setup();
    const session = await signedIn(app, deps, role);
    const before = (await deps.records.audit.list()).length;
    const { path, init } = request(route, ids, session.headers, session.csrf);
    const res = await app.request(path, init);
    if (route.roles.includes(role)) {
      expect(res.status).toBe(route.status ?? (route.method === 'GET' ? 200 : 303));
      const location = res.headers.get('location');
      if (route.location) expect(location).toBe(route.location);
      else if (res.status === 303) expect(location).not.toMatch(/^\/admin\/login/);
      if (route.notFound) expect(await res.text()).toContain(route.notFound);
    } else {
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Your role does not give access to this page.');
      expect((await deps.records.audit.list()).length).toBe(before);
    }
  });
});

describe('public admin routes', () => {
  it.each([
    ['/admin/login', 200],
    ['/admin/setup/not-a-token', 404],
  ])('GET %s needs no session (%i)', async (path, status) => {
    const { app } = testApp();
    expect((await app.request(path)).status).toBe(status);
  });
});
