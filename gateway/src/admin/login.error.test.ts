import { describe, expect, it, vi } from 'vitest';
import { testAdmin, testApp, testPasswords } from '../testing.ts';
import { disableUser } from './accounts.ts';
import { accountDeps, cookieOf, login, PASSWORD, seedUser } from './fixtures.ts';
import { LOGIN_FAILED, LOGIN_THROTTLED } from './login.tsx';
import { ACCOUNT_FAILURES, CLIENT_FAILURES, THROTTLE_WINDOW_MINUTES } from './throttle.ts';

/** The body without the per-request parts (none are expected, but a request id must not count). */
const body = async (res: Response) => (await res.text()).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>');

describe('failed sign-in', () => {
  it('answers 401 with a generic message, no cookie and no hint of why', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const res = await login(app, 'admin@example.test', 'not the password at all');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain(LOGIN_FAILED);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('admin@example.test'); // the attempted email is not echoed
  });

  it('gives identical bodies for an unknown email, a wrong password and a disabled account', async () => {
    const { app, deps } = testApp();
    const admin = await seedUser(deps, 'admin');
    const gone = await seedUser(deps, 'marketer', 'gone@example.test');
    await disableUser(accountDeps(deps), admin.id, gone.id);
    const unknown = await login(app, 'nobody@example.test', 'whatever password');
    const wrong = await login(app, 'admin@example.test', 'whatever password');
    const disabled = await login(app, 'gone@example.test', PASSWORD);
    expect([unknown.status, wrong.status, disabled.status]).toEqual([401, 401, 401]);
    const [a, b, c] = [await body(unknown), await body(wrong), await body(disabled)];
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('checks exactly one password hash whether or not the email exists, so timing does not tell', async () => {
    const verify = vi.fn(testPasswords.verify);
    const { app, deps } = testApp({ admin: testAdmin({ passwords: { ...testPasswords, verify } }) });
    await seedUser(deps, 'admin');
    await login(app, 'nobody@example.test', 'whatever password');
    expect(verify).toHaveBeenCalledTimes(1);
    const [, unknownHash] = verify.mock.calls[0] ?? [];
    expect(unknownHash).toMatch(/^scrypt\$1024\$8\$1\$/); // a real hash with the same cost
    await login(app, 'admin@example.test', 'whatever password');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('logs each failure with a reason code, and the user id only when the email is known', async () => {
    const { app, deps } = testApp();
    const admin = await seedUser(deps, 'admin');
    await login(app, 'nobody@example.test', 'whatever password');
    await login(app, 'admin@example.test', 'whatever password');
    const entries = await deps.records.loginLog.list();
    expect(entries.map(({ userId, success, reason }) => ({ userId, success, reason }))).toEqual([
      { userId: admin.id, success: false, reason: 'wrong_password' },
      { userId: null, success: false, reason: 'unknown_email' },
    ]);
  });

  it.each<[Record<string, string>, string]>([
    [{}, 'no fields'],
    [{ email: 'admin@example.test' }, 'no password'],
    [{ password: PASSWORD }, 'no email'],
  ])('refuses a form with %o (%s) like any failure', async (fields) => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const res = await app.request('/admin/login', {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain(LOGIN_FAILED);
  });

  it('never writes the password to the log or the login log', async () => {
    const { app, deps, logs } = testApp();
    await seedUser(deps, 'admin');
    const secret = 'Sup3r-secret-probe-passphrase';
    await login(app, 'admin@example.test', secret);
    await login(app, 'nobody@example.test', secret);
    await login(app, 'admin@example.test');
    expect(logs()).toContain('/admin/login');
    const stored = JSON.stringify([await deps.records.loginLog.list(), await deps.records.audit.list()]);
    for (const text of [logs(), stored]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('nobody@example.test');
    }
  });
});

describe('sign-in throttling', () => {
  const clock = () => {
    let t = Date.parse('2026-03-01T09:00:00Z');
    return {
      now: () => t,
      advance: (minutes: number) => {
        t += minutes * 60_000;
      },
    };
  };

  it(`locks an account after ${ACCOUNT_FAILURES} failures, even for the right password, for every client`, async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    for (let i = 0; i < ACCOUNT_FAILURES; i++) {
      expect((await login(app, 'admin@example.test', 'wrong guess', { 'x-test-peer': `192.0.2.${i}` })).status).toBe(
        401,
      );
    }
    const locked = await login(app, 'admin@example.test', PASSWORD, { 'x-test-peer': '192.0.2.99' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect(await locked.text()).toContain(LOGIN_THROTTLED);
    // other accounts are unaffected
    await seedUser(deps, 'marketer');
    expect((await login(app, 'marketer@example.test')).status).toBe(303);
    expect((await deps.records.loginLog.list({ limit: 2 }))[1]).toMatchObject({ success: false, reason: 'throttled' });
  });

  it('throttles an unknown email exactly like a known one', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const statuses = async (email: string) => {
      const out: number[] = [];
      for (let i = 0; i <= ACCOUNT_FAILURES; i++)
        out.push((await login(app, email, 'wrong guess', { 'x-test-peer': `198.51.100.${i}` })).status);
      return out;
    };
    const known = await statuses('admin@example.test');
    const unknown = await statuses('nobody@example.test');
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toBe(429);
  });

  it('lets the account try again once a failure has refilled (every 3 minutes)', async () => {
    const { now, advance } = clock();
    const { app, deps } = testApp({ admin: testAdmin({ now }) });
    await seedUser(deps, 'admin');
    for (let i = 0; i < ACCOUNT_FAILURES; i++) await login(app, 'admin@example.test', 'wrong guess');
    expect((await login(app, 'admin@example.test')).status).toBe(429);
    advance(THROTTLE_WINDOW_MINUTES / ACCOUNT_FAILURES + 0.1); // one failure's worth of time
    expect((await login(app, 'admin@example.test')).status).toBe(303);
  });

  it(`blocks a client after ${CLIENT_FAILURES} failures across many emails; other clients carry on`, async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    for (let i = 0; i < CLIENT_FAILURES; i++) {
      expect((await login(app, `guess${i}@example.test`, 'wrong guess', { 'x-test-peer': '203.0.113.5' })).status).toBe(
        401,
      );
    }
    const blocked = await login(app, 'admin@example.test', PASSWORD, { 'x-test-peer': '203.0.113.5' });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain(LOGIN_THROTTLED);
    expect((await login(app, 'admin@example.test', PASSWORD, { 'x-test-peer': '203.0.113.6' })).status).toBe(303);
  });

  it('counts only failures: many successful sign-ins are never throttled', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    for (let i = 0; i < ACCOUNT_FAILURES * 2; i++) {
      expect(cookieOf(await login(app, 'admin@example.test'))).toBeDefined();
    }
  });

  it('counts parallel guesses, so a burst cannot slip past the limit', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const burst = await Promise.all(
      Array.from({ length: ACCOUNT_FAILURES * 3 }, (_, i) =>
        login(app, 'admin@example.test', `guess ${i} wrong`, { 'x-test-peer': `192.0.2.${i}` }),
      ),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(ACCOUNT_FAILURES);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(ACCOUNT_FAILURES * 2);
  });
});
