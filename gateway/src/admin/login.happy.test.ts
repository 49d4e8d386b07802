import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { sha256Hex } from './crypto.ts';
import { cookieOf, csrfOn, form, login, PASSWORD, seedUser, signedIn } from './fixtures.ts';

describe('POST /admin/login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and redirects to /admin', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'marketer', 'mia@example.test');
    const res = await login(app, 'mia@example.test');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/^candor_session=[\w-]{43}; /);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(set).not.toContain('Secure'); // plain http in development
    expect(set).not.toMatch(/Max-Age|Expires/i); // a browser-session cookie; the server enforces expiry
    const home = await app.request('/admin', { headers: { cookie: `candor_session=${cookieOf(res)}` } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Signed in as mia@example.test');
  });

  it.each([
    ['https://localhost/admin/login', {}, false],
    ['http://localhost/admin/login', { 'x-forwarded-proto': 'https' }, true],
  ])('marks the cookie Secure when the request came over https (%s)', async (url, headers, trustProxy) => {
    const { app, deps } = testApp({ trustProxy });
    await seedUser(deps, 'admin');
    const res = await app.request(
      url,
      form({ email: 'admin@example.test', password: PASSWORD }, { origin: 'https://localhost', ...headers }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'privacy', 'pat@example.test');
    expect((await login(app, '  Pat@Example.TEST ')).status).toBe(303);
  });

  it('stores only the SHA-256 of the session id', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const cookie = cookieOf(await login(app, 'admin@example.test')) ?? '';
    expect(await deps.records.sessions.get(cookie)).toBeUndefined();
    expect(await deps.records.sessions.get(await sha256Hex(cookie))).toBeDefined();
  });

  it('starts a new session on every login and ends the one the browser held', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const first = cookieOf(await login(app, 'admin@example.test')) ?? '';
    const second = cookieOf(await login(app, 'admin@example.test', PASSWORD, { cookie: `candor_session=${first}` }));
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect((await app.request('/admin', { headers: { cookie: `candor_session=${first}` } })).status).toBe(303);
  });

  it('records the success in the login log, with the user id and nothing else personal', async () => {
    const { app, deps } = testApp();
    const user = await seedUser(deps, 'admin');
    await login(app, user.email);
    const [entry] = await deps.records.loginLog.list();
    expect(entry).toMatchObject({ userId: user.id, event: 'login', success: true, reason: 'ok' });
    expect(Object.keys(entry ?? {}).sort()).toEqual(['at', 'event', 'id', 'reason', 'success', 'userId']);
  });
});

describe('GET /admin/login', () => {
  it('shows a labelled form', async () => {
    const { app } = testApp();
    const res = await app.request('/admin/login');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<form class="stack" method="post" action="/admin/login">');
    expect(html).toMatch(/<label>Email<input type="email" name="email" autocomplete="username"/);
    expect(html).toMatch(/<label>Password<input type="password" name="password" autocomplete="current-password"/);
    expect(html).toContain('<main id="main"');
  });

  it('sends a signed-in user on to /admin', async () => {
    const { app, deps } = testApp();
    const { headers } = await signedIn(app, deps, 'marketer');
    const res = await app.request('/admin/login', { headers });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
  });
});

describe('POST /admin/logout', () => {
  it('deletes the session, clears the cookie and logs the sign-out', async () => {
    const { app, deps } = testApp();
    const { user, headers, csrf, cookie } = await signedIn(app, deps, 'privacy');
    const res = await app.request('/admin/logout', form({ _csrf: csrf }, headers));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login');
    expect(res.headers.get('set-cookie')).toMatch(/candor_session=;.*Max-Age=0/);
    expect(await deps.records.sessions.get(await sha256Hex(cookie))).toBeUndefined();
    const again = await app.request('/admin', { headers });
    expect(again.status).toBe(303);
    const [entry] = await deps.records.loginLog.list();
    expect(entry).toMatchObject({ userId: user.id, event: 'logout', success: true, reason: 'logout' });
  });

  it('is a button in the header of every signed-in page', async () => {
    const { app, deps } = testApp();
    const { cookie, csrf } = await signedIn(app, deps, 'admin');
    expect(await csrfOn(app, cookie, '/admin/audit')).toBe(csrf);
    const html = await (await app.request('/admin/users', { headers: { cookie: `candor_session=${cookie}` } })).text();
    expect(html).toContain('<form class="signout" method="post" action="/admin/logout">');
  });
});
