import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { cookieOf, form, login, signedIn } from './fixtures.ts';

describe('/admin/users', () => {
  it('creates a user with a role and a normalised email, who can then sign in', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const res = await app.request(
      '/admin/users',
      form(
        { _csrf: admin.csrf, email: ' New.Person@Example.TEST ', role: 'privacy', password: 'a long enough password' },
        admin.headers,
      ),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/users?notice=created');
    const user = await deps.records.users.byEmail('new.person@example.test');
    expect(user).toMatchObject({ role: 'privacy', disabledAt: null, digestOptIn: false });
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect(cookieOf(await login(app, 'new.person@example.test', 'a long enough password'))).toBeDefined();
    const page = await (await app.request('/admin/users?notice=created', { headers: admin.headers })).text();
    expect(page).toContain('User created.');
    expect(page).toContain('new.person@example.test');
  });

  it('audits creation, role changes and disabling, without emails or passwords in the entries', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    await app.request(
      '/admin/users',
      form(
        { _csrf: admin.csrf, email: 'm@example.test', role: 'marketer', password: 'a long enough password' },
        admin.headers,
      ),
    );
    const m = await deps.records.users.byEmail('m@example.test');
    await app.request(`/admin/users/${m?.id}/role`, form({ _csrf: admin.csrf, role: 'privacy' }, admin.headers));
    await app.request(`/admin/users/${m?.id}/disable`, form({ _csrf: admin.csrf }, admin.headers));
    const entries = (await deps.records.audit.list()).reverse().slice(1); // the first is the seeded admin
    expect(
      entries.map(({ actor, action, target, before, after }) => ({ actor, action, target, before, after })),
    ).toEqual([
      {
        actor: `user:${admin.user.id}`,
        action: 'user.created',
        target: `user:${m?.id}`,
        before: null,
        after: { role: 'marketer' },
      },
      {
        actor: `user:${admin.user.id}`,
        action: 'user.role_changed',
        target: `user:${m?.id}`,
        before: { role: 'marketer' },
        after: { role: 'privacy' },
      },
      { actor: `user:${admin.user.id}`, action: 'user.disabled', target: `user:${m?.id}`, before: null, after: null },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/m@example\.test|a long enough password/);
    expect((await deps.records.users.byId(m?.id ?? ''))?.disabledAt).toBeInstanceOf(Date);
  });
});

describe('/admin/users refusals', () => {
  it.each([
    [{ email: 'not-an-email', role: 'marketer', password: 'a long enough password' }, 'Enter a valid email address.'],
    [{ email: 'x@example.test', role: 'owner', password: 'a long enough password' }, 'The role must be one of'],
    [{ email: 'x@example.test', role: 'marketer', password: 'elevenchars' }, 'Use at least 12 characters.'],
    [{ email: 'x@example.test', role: 'marketer', password: ' '.repeat(12) }, 'cannot be only spaces'],
    [{ email: 'ADMIN@example.test', role: 'marketer', password: 'a long enough password' }, 'already exists'],
  ])('refuses %o with 400 and says why', async (fields, message) => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const res = await app.request('/admin/users', form({ _csrf: admin.csrf, ...fields }, admin.headers));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).not.toContain(fields.password); // a refused password is not echoed back
    expect(await deps.records.users.count()).toBe(1);
  });

  it('turns the weekly digest on and off for a marketer, audited, and offers it only to admins and marketers', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const staff: [string, string][] = [
      ['m@example.test', 'marketer'],
      ['p@example.test', 'privacy'],
    ];
    for (const [email, role] of staff) {
      await app.request(
        '/admin/users',
        form({ _csrf: admin.csrf, email, role, password: 'a long enough password' }, admin.headers),
      );
    }
    const m = await deps.records.users.byEmail('m@example.test');
    const on = await app.request(`/admin/users/${m?.id}/digest`, form({ _csrf: admin.csrf, on: '1' }, admin.headers));
    expect(on.headers.get('location')).toBe('/admin/users?notice=digest');
    expect((await deps.records.users.byId(m?.id ?? ''))?.digestOptIn).toBe(true);
    const [entry] = await deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      action: 'user.digest_changed',
      before: { digestOptIn: false },
      after: { digestOptIn: true },
    });
    expect(JSON.stringify(entry)).not.toContain('m@example.test');
    await app.request(`/admin/users/${m?.id}/digest`, form({ _csrf: admin.csrf, on: '0' }, admin.headers));
    expect((await deps.records.users.byId(m?.id ?? ''))?.digestOptIn).toBe(false);
    const page = await (await app.request('/admin/users', { headers: admin.headers })).text();
    expect(page).toContain('Turn the weekly digest on for m@example.test');
    expect(page).not.toContain('Turn the weekly digest on for p@example.test');
    // without the CSRF token nothing changes
    const refused = await app.request(`/admin/users/${m?.id}/digest`, form({ on: '1' }, admin.headers));
    expect(refused.status).toBe(403);
    expect((await deps.records.users.byId(m?.id ?? ''))?.digestOptIn).toBe(false);
  });

  it('will not let admins disable themselves or change their own role', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const disable = await app.request(
      `/admin/users/${admin.user.id}/disable`,
      form({ _csrf: admin.csrf }, admin.headers),
    );
    expect(disable.status).toBe(400);
    expect(await disable.text()).toContain('You cannot disable your own account.');
    const role = await app.request(
      `/admin/users/${admin.user.id}/role`,
      form({ _csrf: admin.csrf, role: 'marketer' }, admin.headers),
    );
    expect(role.status).toBe(400);
    expect((await deps.records.users.byId(admin.user.id))?.role).toBe('admin');
  });

  it('answers an unknown user id with 400', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const res = await app.request('/admin/users/no-such-id/disable', form({ _csrf: admin.csrf }, admin.headers));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('No such user.');
  });
});
