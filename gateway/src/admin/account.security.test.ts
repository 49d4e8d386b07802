import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { form, login, PASSWORD, signedIn } from './fixtures.ts';
import { LOGIN_THROTTLED } from './login.tsx';
import { ACCOUNT_FAILURES } from './throttle.ts';

const NEW_PASSWORD = 'a brand new passphrase';

async function setup() {
  const t = testApp();
  const me = await signedIn(t.app, t.deps, 'marketer');
  const change = (fields: Record<string, string>, headers: Record<string, string> = me.headers) =>
    t.app.request('/admin/account/password', form({ _csrf: me.csrf, ...fields }, headers));
  return { ...t, me, change };
}

describe('POST /admin/account/password refuses', () => {
  it.each([
    [
      'a wrong current password',
      { current: 'not my password', password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      'The current password is not right.',
    ],
    [
      'a confirmation that differs',
      { current: PASSWORD, password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` },
      'The new passwords do not match.',
    ],
    ['a short new password', { current: PASSWORD, password: 'elevenchars', confirm: 'elevenchars' }, 'Use at least 12'],
    ['a blank new password', { current: PASSWORD, password: ' '.repeat(12), confirm: ' '.repeat(12) }, 'only spaces'],
    ['missing fields', {}, 'The current password is not right.'],
  ])('%s with 400, says why, and changes nothing', async (_why, fields, message) => {
    const { deps, me, change } = await setup();
    const before = await deps.records.users.byId(me.user.id);
    const auditBefore = await deps.records.audit.list();
    const res = await change(fields);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).not.toContain(NEW_PASSWORD);
    expect(await deps.records.users.byId(me.user.id)).toEqual(before);
    expect(await deps.records.audit.list()).toEqual(auditBefore);
  });

  it('without the CSRF token (403) or a session (to the login page)', async () => {
    const { app, deps, me } = await setup();
    const fields = { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD };
    const noToken = await app.request('/admin/account/password', form(fields, me.headers));
    expect(noToken.status).toBe(403);
    const noSession = await app.request('/admin/account/password', form({ _csrf: me.csrf, ...fields }));
    expect(noSession.status).toBe(303);
    expect(noSession.headers.get('location')).toBe('/admin/login');
    expect((await deps.records.users.byId(me.user.id))?.passwordHash).toBe(me.user.passwordHash);
  });

  it('a cross-site post, even with the token', async () => {
    const { me, change } = await setup();
    const res = await change(
      { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      {
        ...me.headers,
        origin: 'https://evil.example',
      },
    );
    expect(res.status).toBe(403);
  });

  it('further guesses once wrong current passwords reach the sign-in limit, which they share', async () => {
    const { app, deps, me, change } = await setup();
    for (let i = 0; i < ACCOUNT_FAILURES; i++) {
      expect(
        (await change({ current: `guess number ${i}`, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status,
      ).toBe(400);
    }
    const blocked = await change({ current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await blocked.text()).toContain(LOGIN_THROTTLED);
    expect((await deps.records.users.byId(me.user.id))?.passwordHash).toBe(me.user.passwordHash);
    // the same account's sign-in is throttled too
    expect((await login(app, me.user.email)).status).toBe(429);
  });

  it('does not count a refused new password against the throttle when the current one was right', async () => {
    const { change } = await setup();
    for (let i = 0; i < ACCOUNT_FAILURES + 2; i++) {
      expect((await change({ current: PASSWORD, password: 'short', confirm: 'short' })).status).toBe(400);
    }
    const ok = await change({ current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(ok.status).toBe(303);
  });
});
