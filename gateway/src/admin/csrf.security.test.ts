import { describe, expect, it } from 'vitest';
import { consentBody, post } from '../consent/fixtures.ts';
import { testApp } from '../testing.ts';
import { createApiKey } from './accounts.ts';
import { accountDeps, cookieOf, form, PASSWORD, seedUser, signedIn } from './fixtures.ts';

/** Every state-changing admin form that needs a session. */
const FORMS: { path: string; fields: Record<string, string> }[] = [
  { path: '/admin/logout', fields: {} },
  { path: '/admin/users', fields: { email: 'x@example.test', role: 'marketer', password: 'a long enough password' } },
  { path: '/admin/users/:user/role', fields: { role: 'privacy' } },
  { path: '/admin/users/:user/digest', fields: { on: '1' } },
  { path: '/admin/users/:user/disable', fields: {} },
  { path: '/admin/api-keys', fields: { name: 'k', scope: 'stats:read' } },
  { path: '/admin/api-keys/:key/revoke', fields: {} },
];

async function setup() {
  const t = testApp();
  const admin = await signedIn(t.app, t.deps, 'admin');
  const other = await seedUser(t.deps, 'marketer', 'other@example.test');
  const key = await createApiKey(accountDeps(t.deps), { name: 'k', scopes: ['stats:read'] }, 'cli');
  const path = (p: string) => p.replace(':user', other.id).replace(':key', key.id);
  return { ...t, admin, path };
}

describe.each(FORMS)('POST $path', ({ path, fields }) => {
  it.each([
    ['no token', () => ({})],
    ['a wrong token', () => ({ _csrf: 'A'.repeat(43) })],
    ['an empty token', () => ({ _csrf: '' })],
  ])('refuses %s with 403 and changes nothing', async (_what, token) => {
    const { app, deps, admin, path: to } = await setup();
    const before = await deps.records.audit.list();
    const res = await app.request(to(path), form({ ...fields, ...token() }, admin.headers));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This form has expired or was sent from another site');
    expect(await deps.records.audit.list()).toEqual(before);
    expect((await app.request('/admin', { headers: admin.headers })).status).toBe(200); // still signed in
  });

  it('refuses the token of another session', async () => {
    const { app, admin, path: to } = await setup();
    const second = cookieOf(await app.request('/admin/login', form({ email: admin.user.email, password: PASSWORD })));
    const res = await app.request(
      to(path),
      form({ ...fields, _csrf: admin.csrf }, { cookie: `candor_session=${second}` }),
    );
    expect(res.status).toBe(403);
  });

  it.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'null' }],
    [{ origin: 'https://localhost' }], // same host, other scheme
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
  ])('refuses a cross-site request %o even with the right token', async (headers) => {
    const { app, admin, path: to } = await setup();
    const res = await app.request(to(path), form({ ...fields, _csrf: admin.csrf }, { ...admin.headers, ...headers }));
    expect(res.status).toBe(403);
  });

  it('accepts the right token from this origin', async () => {
    const { app, admin, path: to } = await setup();
    const res = await app.request(
      to(path),
      form({ ...fields, _csrf: admin.csrf }, { ...admin.headers, 'sec-fetch-site': 'same-origin' }),
    );
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(400);
  });
});

describe('login CSRF', () => {
  it.each([[{ origin: 'https://evil.example' }], [{ origin: 'null' }], [{ 'sec-fetch-site': 'cross-site' }]])(
    'refuses a cross-site login %o without signing in',
    async (headers) => {
      const { app, deps } = testApp();
      await seedUser(deps, 'admin');
      const res = await app.request('/admin/login', form({ email: 'admin@example.test', password: PASSWORD }, headers));
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    },
  );

  it.each([
    [{ origin: 'null', 'sec-fetch-site': 'same-origin' }],
    [{ origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }],
  ])(
    'accepts a same-origin browser login %o (Chromium sends Origin: null under a strict referrer policy)',
    async (headers) => {
      const { app, deps } = testApp();
      await seedUser(deps, 'admin');
      const res = await app.request('/admin/login', form({ email: 'admin@example.test', password: PASSWORD }, headers));
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toContain('candor_session=');
    },
  );

  it('accepts a login without Origin or Sec-Fetch-Site (scripts, curl)', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const res = await app.request('/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ email: 'admin@example.test', password: PASSWORD }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
  });

  it('takes the scheme from X-Forwarded-Proto only behind a trusted proxy; the host is always Host', async () => {
    // The proxy terminates TLS and passes Host on: the browser saw https://localhost.
    const proxied = { origin: 'https://localhost', 'x-forwarded-proto': 'https' };
    for (const trustProxy of [true, false]) {
      const { app, deps } = testApp({ trustProxy });
      await seedUser(deps, 'admin');
      const res = await app.request('/admin/login', form({ email: 'admin@example.test', password: PASSWORD }, proxied));
      expect(res.status).toBe(trustProxy ? 303 : 403);
    }
  });

  it('never takes the host from X-Forwarded-Host, even behind a trusted proxy', async () => {
    const forged = {
      origin: 'https://www.example.com',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'www.example.com',
    };
    const { app, deps } = testApp({ trustProxy: true });
    await seedUser(deps, 'admin');
    const res = await app.request('/admin/login', form({ email: 'admin@example.test', password: PASSWORD }, forged));
    expect(res.status).toBe(403);
  });
});

describe('CSRF checks stay off the public endpoints', () => {
  it('POST /api/consent from another site is recorded as usual', async () => {
    const { app } = testApp();
    const res = await app.request(
      '/api/consent',
      post(consentBody(), { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }),
    );
    expect(res.status).toBe(201);
  });

  it('POST /u/:token from a mailbox provider is never refused as cross-site', async () => {
    const { app } = testApp();
    const res = await app.request(
      '/u/some-token',
      form({ 'List-Unsubscribe': 'One-Click' }, { origin: 'https://mail.example', 'sec-fetch-site': 'cross-site' }),
    );
    expect(res.status).not.toBe(403);
  });
});
