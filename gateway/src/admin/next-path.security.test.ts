import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { cookieOf, form, PASSWORD, seedUser } from './fixtures.ts';
import { DEFAULT_NEXT, NEXT_MAX_LENGTH, safeNext } from './next-path.ts';

const REFUSED: [string, unknown][] = [
  ['a protocol-relative URL', '//evil.com'],
  ['a protocol-relative URL under /admin', '/admin//evil.com'],
  ['a backslash, which browsers read as a slash', '/\\evil.com'],
  ['a backslash after /admin', '/admin/\\evil.com'],
  ['an absolute URL', 'https://evil.com'],
  ['an absolute URL to an admin path', 'https://evil.com/admin/users'],
  ['a scheme', 'javascript:alert(1)'],
  ['a still-encoded //', '%2F%2Fevil.com'],
  ['a path outside the admin', '/pricing'],
  ['a look-alike prefix', '/administrator'],
  ['a relative path', 'admin/users'],
  ['a dot segment (refused, not normalised)', '/admin/../x'],
  ['an encoded dot segment', '/admin/%2e%2e/x'],
  ['a trailing dot segment', '/admin/..'],
  ['a tab, which browsers strip', '/admin/\t/evil.com'],
  ['a newline', '/admin/users\nLocation: //evil.com'],
  ['a NUL', '/admin/\u0000'],
  ['a C1 control', '/admin/\u0085'],
  ['a fragment', '/admin/users#x'],
  ['a space the parser would escape', '/admin/a b'],
  ['an over-long path', `/admin/${'a'.repeat(NEXT_MAX_LENGTH)}`],
  ['an empty string', ''],
  ['not a string', ['/admin/users']],
  ['nothing', undefined],
];

describe('safeNext', () => {
  it.each(REFUSED)('refuses %s', (_why, raw) => {
    expect(safeNext(raw)).toBe(DEFAULT_NEXT);
  });

  it.each([
    '/admin',
    '/admin/users',
    '/admin/reports?period=7d&filters=source%3D%3DGoogle',
    '/admin?x=1',
    '/admin/%2F%2Fevil.com', // an odd but same-origin admin path
    `/admin/${'a'.repeat(NEXT_MAX_LENGTH - 7)}`,
  ])('keeps %s', (raw) => {
    expect(safeNext(raw)).toBe(raw);
  });
});

describe('POST /admin/login with next', () => {
  const signIn = async (next: string) => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    return app.request('/admin/login', form({ email: 'admin@example.test', password: PASSWORD, next }));
  };

  it.each(REFUSED.filter((r): r is [string, string] => typeof r[1] === 'string'))(
    'redirects to /admin, not to %s',
    async (_why, next) => {
      const res = await signIn(next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin');
      expect(cookieOf(res)).toBeDefined();
    },
  );

  it('redirects to a safe admin path', async () => {
    const res = await signIn('/admin/reports?period=30d');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/reports?period=30d');
  });

  it('keeps next on the form after a failed attempt, but never an unsafe one', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const failed = (next: string) =>
      app.request('/admin/login', form({ email: 'admin@example.test', password: 'wrong password!', next }));
    expect(await (await failed('/admin/users')).text()).toContain(
      '<input type="hidden" name="next" value="/admin/users"/>',
    );
    const html = await (await failed('//evil.com')).text();
    expect(html).not.toContain('name="next"');
    expect(html).not.toContain('evil.com');
  });
});

describe('the way back through the login page', () => {
  it('carries an anonymous request for a page through the form to that page', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const bounced = await app.request('/admin/users?notice=role');
    expect(bounced.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fusers%3Fnotice%3Drole');
    const page = await (await app.request(bounced.headers.get('location') ?? '')).text();
    const next = /name="next" value="([^"]*)"/.exec(page)?.[1] ?? '';
    expect(next).toBe('/admin/users?notice=role');
    const res = await app.request('/admin/login', form({ email: 'admin@example.test', password: PASSWORD, next }));
    expect(res.headers.get('location')).toBe('/admin/users?notice=role');
  });

  it('escapes next in the page and drops an unsafe one', async () => {
    const { app } = testApp();
    const quoted = await (await app.request(`/admin/login?next=${encodeURIComponent('/admin/"><script>')}`)).text();
    expect(quoted).not.toContain('<script>');
    const html = await (await app.request('/admin/login?next=https%3A%2F%2Fevil.com')).text();
    expect(html).not.toContain('evil.com');
  });

  it('sends a signed-in visitor of the login page straight to a safe next', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const cookie = cookieOf(
      await app.request('/admin/login', form({ email: 'admin@example.test', password: PASSWORD })),
    );
    const headers = { cookie: `candor_session=${cookie}` };
    const safe = await app.request('/admin/login?next=%2Fadmin%2Faudit', { headers });
    expect(safe.headers.get('location')).toBe('/admin/audit');
    const unsafe = await app.request('/admin/login?next=%2F%2Fevil.com', { headers });
    expect(unsafe.headers.get('location')).toBe('/admin');
  });

  it('does not carry a form post as next', async () => {
    const { app } = testApp();
    const res = await app.request('/admin/users', form({ email: 'x@example.test' }));
    expect(res.headers.get('location')).toBe('/admin/login');
  });
});
