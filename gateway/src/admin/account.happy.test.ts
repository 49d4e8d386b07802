import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { PASSWORD_CHANGED } from './account.tsx';
import { sha256Hex } from './crypto.ts';
import { cookieOf, form, login, PASSWORD, signedIn } from './fixtures.ts';

const NEW_PASSWORD = 'a brand new passphrase';

describe('/admin/account', () => {
  it.each(['admin', 'marketer', 'privacy'] as const)(
    'shows %s a password form with the CSRF field, linked from the header',
    async (role) => {
      const { app, deps } = testApp();
      const { headers, csrf } = await signedIn(app, deps, role);
      const res = await app.request('/admin/account', { headers });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<form class="stack" method="post" action="/admin/account/password"');
      expect(html).toContain(`name="_csrf" value="${csrf}"`);
      for (const name of ['current', 'password', 'confirm']) expect(html).toContain(`name="${name}"`);
      expect(html).toContain('<a href="/admin/account" aria-current="page">Your account</a>');
      const home = await (await app.request('/admin', { headers })).text();
      expect(home).toContain('<a href="/admin/account">Your account</a>');
    },
  );

  it('changes the password: the new one signs in, the old one no longer does', async () => {
    const { app, deps } = testApp();
    const { user, headers, csrf } = await signedIn(app, deps, 'marketer');
    const res = await app.request(
      '/admin/account/password',
      form({ _csrf: csrf, current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, headers),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/account?notice=password');
    const page = await app.request('/admin/account?notice=password', { headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(PASSWORD_CHANGED);
    expect((await deps.records.users.byId(user.id))?.passwordHash).toMatch(/^scrypt\$/);
    expect((await login(app, user.email, PASSWORD)).status).toBe(401);
    expect((await login(app, user.email, NEW_PASSWORD)).status).toBe(303);
  });

  it("ends the user's other sessions, keeps this one, and leaves other users' alone", async () => {
    const { app, deps } = testApp();
    const me = await signedIn(app, deps, 'admin');
    const other = cookieOf(await login(app, me.user.email)) ?? '';
    const colleague = await signedIn(app, deps, 'marketer');
    await app.request(
      '/admin/account/password',
      form({ _csrf: me.csrf, current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, me.headers),
    );
    expect((await app.request('/admin', { headers: me.headers })).status).toBe(200);
    expect(await deps.records.sessions.get(await sha256Hex(other))).toBeUndefined();
    expect((await app.request('/admin', { headers: { cookie: `candor_session=${other}` } })).status).toBe(303);
    expect((await app.request('/admin', { headers: colleague.headers })).status).toBe(200);
  });

  it('audits the change with no password or hash in the entry', async () => {
    const { app, deps } = testApp();
    const { user, headers, csrf } = await signedIn(app, deps, 'privacy');
    await app.request(
      '/admin/account/password',
      form({ _csrf: csrf, current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, headers),
    );
    const [entry] = await deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      actor: `user:${user.id}`,
      action: 'user.password_changed',
      target: `user:${user.id}`,
      before: null,
      after: { otherSessionsEnded: 0 },
    });
    const hash = (await deps.records.users.byId(user.id))?.passwordHash ?? '';
    const text = JSON.stringify(entry);
    for (const secret of [PASSWORD, NEW_PASSWORD, hash, user.passwordHash, 'scrypt'])
      expect(text).not.toContain(secret);
  });
});

describe('the weekly digest switch on /admin/account', () => {
  it('lets a marketer who gets the digest turn it off themselves (Users is the admin’s only)', async () => {
    const { app, deps } = testApp();
    const { user, headers, csrf } = await signedIn(app, deps, 'marketer');
    await deps.records.users.setDigestOptIn(user.id, true);
    const before = await (await app.request('/admin/account', { headers })).text();
    expect(before).toContain('id="digest"');
    expect(before).toContain('Turn the weekly digest off');
    const res = await app.request('/admin/account/digest', form({ _csrf: csrf, on: '0' }, headers));
    expect(res.status).toBe(303);
    expect((await deps.records.users.byId(user.id))?.digestOptIn).toBe(false);
    const after = await (await app.request(res.headers.get('location') ?? '', { headers })).text();
    expect(after).toContain('The weekly digest is off.');
    expect(after).toContain('Turn the weekly digest on');
    const [entry] = await deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ actor: `user:${user.id}`, action: 'user.digest_changed', target: `user:${user.id}` });
  });

  it('shows a privacy officer, who gets no digest, no switch', async () => {
    const { app, deps } = testApp();
    const { headers } = await signedIn(app, deps, 'privacy');
    expect(await (await app.request('/admin/account', { headers })).text()).not.toContain('id="digest"');
  });
});
