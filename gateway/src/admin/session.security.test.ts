import { describe, expect, it, vi } from 'vitest';
import { testAdmin, testApp } from '../testing.ts';
import { disableUser } from './accounts.ts';
import { accountDeps, form, seedUser, signedIn } from './fixtures.ts';

const MINUTE = 60_000;

function clockedApp(admin: Parameters<typeof testAdmin>[0] = {}) {
  let t = Date.parse('2026-03-01T09:00:00Z');
  const t0 = t;
  const app = testApp({ admin: testAdmin({ now: () => t, ...admin }) });
  return {
    ...app,
    advance: (ms: number) => {
      t += ms;
    },
    elapsed: () => t - t0,
  };
}

const status = async (app: ReturnType<typeof testApp>['app'], headers: Record<string, string>) => {
  const res = await app.request('/admin', { headers });
  return res.status === 303 ? `303 ${res.headers.get('location')}` : String(res.status);
};

describe('session lifetime', () => {
  it('ends after 15 minutes without a request', async () => {
    const { app, deps, advance } = clockedApp();
    const { headers } = await signedIn(app, deps, 'marketer');
    advance(15 * MINUTE - 1);
    expect(await status(app, headers)).toBe('200');
    advance(15 * MINUTE + 1);
    expect(await status(app, headers)).toBe('303 /admin/login?ended');
    // and the login page says why
    expect(await (await app.request('/admin/login?ended')).text()).toContain('Your session has ended');
  });

  it('slides with activity: a request every 14 minutes keeps it alive', async () => {
    const { app, deps, advance } = clockedApp();
    const { headers } = await signedIn(app, deps, 'marketer');
    for (let i = 0; i < 10; i++) {
      advance(14 * MINUTE);
      expect(await status(app, headers)).toBe('200');
    }
  });

  it('ends after 12 hours however active it is', async () => {
    const { app, deps, advance, elapsed } = clockedApp();
    const { headers } = await signedIn(app, deps, 'admin');
    while (elapsed() < 12 * 60 * MINUTE - 10 * MINUTE) {
      advance(10 * MINUTE);
      expect(await status(app, headers)).toBe('200');
    }
    advance(10 * MINUTE);
    expect(await status(app, headers)).toBe('303 /admin/login?ended');
  });

  it('takes the idle timeout from the deps', async () => {
    const { app, deps, advance } = clockedApp({ idleMinutes: 5 });
    const { headers } = await signedIn(app, deps, 'privacy');
    advance(5 * MINUTE + 1);
    expect(await status(app, headers)).toBe('303 /admin/login?ended');
  });

  it('writes "last seen" at most once a minute', async () => {
    const { app, deps, advance } = clockedApp();
    const { headers } = await signedIn(app, deps, 'admin');
    const touch = vi.spyOn(deps.records.sessions, 'touch');
    for (let i = 0; i < 12; i++) {
      advance(10_000);
      await app.request('/admin', { headers });
    }
    expect(touch).toHaveBeenCalledTimes(2); // at 60 s and 120 s
  });

  it('clears the cookie of an ended session', async () => {
    const { app, deps, advance } = clockedApp();
    const { headers } = await signedIn(app, deps, 'admin');
    advance(16 * MINUTE);
    const res = await app.request('/admin/users', { headers });
    expect(res.headers.get('set-cookie')).toMatch(/candor_session=;.*Max-Age=0/);
  });
});

describe('disabled users', () => {
  it('lose their open sessions at once', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const marketer = await signedIn(app, deps, 'marketer');
    expect(await status(app, marketer.headers)).toBe('200');
    const res = await app.request(
      `/admin/users/${marketer.user.id}/disable`,
      form({ _csrf: admin.csrf }, admin.headers),
    );
    expect(res.status).toBe(303);
    expect(await status(app, marketer.headers)).toBe('303 /admin/login?ended');
  });

  it('are refused even if a session row survived (checked on every request)', async () => {
    const { app, deps } = testApp();
    const marketer = await signedIn(app, deps, 'marketer');
    await deps.records.users.disable(marketer.user.id, new Date()); // the store alone: no session cleanup
    expect(await status(app, marketer.headers)).toBe('303 /admin/login?ended');
  });

  it('cannot sign in again', async () => {
    const { app, deps } = testApp();
    const admin = await seedUser(deps, 'admin');
    const marketer = await seedUser(deps, 'marketer');
    await disableUser(accountDeps(deps), admin.id, marketer.id);
    const res = await app.request(
      '/admin/login',
      form({ email: marketer.email, password: 'correct horse battery staple' }),
    );
    expect(res.status).toBe(401);
  });
});

describe('session cookies', () => {
  it.each([
    ['a malformed value', 'not-a-session'],
    ['a well-formed unknown id', 'A'.repeat(43)],
    ['an empty value', ''],
  ])('treats %s as signed out', async (_what, value) => {
    const { app } = testApp();
    const res = await app.request('/admin', { headers: { cookie: `candor_session=${value}` } });
    expect(res.status).toBe(303);
  });
});
