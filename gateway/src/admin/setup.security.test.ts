import { describe, expect, it } from 'vitest';
import { testAdmin, testApp } from '../testing.ts';
import { importHmacKey } from './crypto.ts';
import { cookieOf, form, PASSWORD, seedUser } from './fixtures.ts';
import { createSetupLink, SETUP_LINK_TTL_MS, signSetupToken } from './setup-link.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');

async function withLink() {
  let t = T0;
  const { token, link } = await createSetupLink(t);
  const app = testApp({ admin: testAdmin({ setupLink: link, now: () => t }) });
  const fields = { email: 'First@Example.test', password: PASSWORD, confirm: PASSWORD };
  return {
    ...app,
    token,
    fields,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('the first-admin setup link', () => {
  it('GET shows the form and changes nothing', async () => {
    const { app, deps, token } = await withLink();
    for (let i = 0; i < 2; i++) {
      const res = await app.request(`/admin/setup/${token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('Create the first admin');
      expect(html).toContain('autocomplete="new-password"');
    }
    expect(await deps.records.users.count()).toBe(0);
    expect(await deps.records.audit.list()).toEqual([]);
  });

  it('POST creates the admin, signs them in, and works only once', async () => {
    const { app, deps, token, fields } = await withLink();
    const res = await app.request(`/admin/setup/${token}`, form(fields));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = cookieOf(res);
    expect((await app.request('/admin', { headers: { cookie: `candor_session=${cookie}` } })).status).toBe(200);
    const [user] = await deps.records.users.list();
    expect(user).toMatchObject({ email: 'first@example.test', role: 'admin' });
    expect(await deps.records.audit.list()).toEqual([
      expect.objectContaining({ actor: 'setup', action: 'user.created', target: `user:${user?.id}` }),
    ]);
    expect((await deps.records.loginLog.list())[0]).toMatchObject({ userId: user?.id, success: true, reason: 'setup' });

    const again = await app.request(`/admin/setup/${token}`, form({ ...fields, email: 'second@example.test' }));
    expect(again.status).toBe(404);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await app.request(`/admin/setup/${token}`)).status).toBe(404);
    expect(await deps.records.users.count()).toBe(1);
  });

  it('creates exactly one admin when two POSTs race', async () => {
    const { app, deps, token, fields } = await withLink();
    const [a, b] = await Promise.all([
      app.request(`/admin/setup/${token}`, form(fields)),
      app.request(`/admin/setup/${token}`, form({ ...fields, email: 'rival@example.test' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 404]);
    expect(await deps.records.users.count()).toBe(1);
  });

  it('keeps working after a refused form, and says why', async () => {
    const { app, deps, token, fields } = await withLink();
    const mismatch = await app.request(
      `/admin/setup/${token}`,
      form({ ...fields, confirm: 'something else entirely' }),
    );
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('The passwords do not match.');
    const short = await app.request(`/admin/setup/${token}`, form({ ...fields, password: 'short', confirm: 'short' }));
    expect(short.status).toBe(400);
    expect(await deps.records.users.count()).toBe(0);
    expect((await app.request(`/admin/setup/${token}`, form(fields))).status).toBe(303);
  });

  it.each([
    ['a wrong token', (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
    ['a malformed token', () => 'short'],
  ])('refuses %s', async (_what, mangle) => {
    const { app, deps, token, fields } = await withLink();
    expect((await app.request(`/admin/setup/${mangle(token)}`)).status).toBe(404);
    expect((await app.request(`/admin/setup/${mangle(token)}`, form(fields))).status).toBe(404);
    expect(await deps.records.users.count()).toBe(0);
  });

  it('expires after an hour', async () => {
    const { app, token, fields, advance } = await withLink();
    advance(SETUP_LINK_TTL_MS);
    expect((await app.request(`/admin/setup/${token}`)).status).toBe(404);
    expect((await app.request(`/admin/setup/${token}`, form(fields))).status).toBe(404);
  });

  it('stops working once any user exists (e.g. made with the CLI)', async () => {
    const { app, deps, token, fields } = await withLink();
    await seedUser(deps, 'admin');
    expect((await app.request(`/admin/setup/${token}`)).status).toBe(404);
    expect((await app.request(`/admin/setup/${token}`, form(fields))).status).toBe(404);
  });

  it('refuses a cross-site POST', async () => {
    const { app, deps, token, fields } = await withLink();
    const res = await app.request(`/admin/setup/${token}`, form(fields, { origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(await deps.records.users.count()).toBe(0);
  });

  it('does not exist when main.ts found users at start-up', async () => {
    const { app } = testApp();
    expect((await app.request(`/admin/setup/${'A'.repeat(43)}`)).status).toBe(404);
  });
});

describe('a setup link signed by `candor setup-link`', () => {
  const KEY = new Uint8Array(32).fill(3);
  async function signedApp(key = KEY) {
    let t = T0;
    const token = await signSetupToken(await importHmacKey(key), T0);
    const app = testApp({ admin: testAdmin({ setupKey: KEY, now: () => t }) });
    const advance = (ms: number) => {
      t += ms;
    };
    return { ...app, token, advance };
  }
  const fields = { email: 'first@example.test', password: PASSWORD, confirm: PASSWORD };

  it('creates the first admin, and then no other', async () => {
    const { app, deps, token } = await signedApp();
    expect((await app.request(`/admin/setup/${token}`)).status).toBe(200);
    expect((await app.request(`/admin/setup/${token}`, form(fields))).status).toBe(303);
    expect((await app.request(`/admin/setup/${token}`, form({ ...fields, email: 'b@example.test' }))).status).toBe(404);
    expect((await deps.records.users.list()).map((u) => u.email)).toEqual(['first@example.test']);
  });

  it.each([
    ['signed under another key', async () => (await signedApp(new Uint8Array(32).fill(4))).token],
    [
      'with its expiry moved on',
      async () => (await signedApp()).token.replace(/^[0-9a-z]+/, (e) => (Number.parseInt(e, 36) + 9e6).toString(36)),
    ],
    ['with its signature cut', async () => (await signedApp()).token.slice(0, -1)],
  ])('is refused %s', async (_, forge) => {
    const { app, deps } = await signedApp();
    const res = await app.request(`/admin/setup/${await forge()}`, form(fields));
    expect(res.status).toBe(404);
    expect(await deps.records.users.count()).toBe(0);
  });

  it('is refused after its hour', async () => {
    const { app, token, advance } = await signedApp();
    advance(SETUP_LINK_TTL_MS);
    expect((await app.request(`/admin/setup/${token}`)).status).toBe(404);
  });
});
