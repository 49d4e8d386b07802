import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { form, login, seedUser, signedIn } from './fixtures.ts';
import { ADMIN_CSP } from './routes.ts';
import { ADMIN_CSS_PATH } from './style.ts';

const PAGES = ['/admin', '/admin/users', '/admin/api-keys', '/admin/login-log', '/admin/audit', '/admin/nope'];

describe('admin pages', () => {
  it.each(PAGES)('%s carries the strict admin CSP, no-store and a same-origin referrer policy', async (path) => {
    const { app, deps } = testApp();
    const { headers } = await signedIn(app, deps, 'admin');
    const res = await app.request(path, { headers });
    expect(res.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i); // nothing the CSP would have to allow
    expect(html).toContain(`<link rel="stylesheet" href="${ADMIN_CSS_PATH}"/>`);
    expect(html).toContain('<a class="skip" href="#main">');
    expect(html).toContain('<nav aria-label="Admin sections">');
  });

  it.each(['/admin/login', '/admin/setup/x'])('%s (public) carries the admin CSP too', async (path) => {
    const { app } = testApp();
    const res = await app.request(path);
    expect(res.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the stylesheet same-origin, cacheable under its hashed name', async () => {
    const { app } = testApp();
    const res = await app.request(ADMIN_CSS_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain(':focus-visible');
    expect((await app.request('/admin/assets/admin.old.css')).status).toBe(303); // unknown: sign in first
  });

  it.each([
    ['admin', ['Reports', 'Requests', 'Suppressions', 'Users', 'API keys', 'Login log', 'Audit log', 'Jobs'], []],
    ['marketer', ['Reports', 'Goals'], ['Requests', 'Suppressions', 'Users', 'API keys']],
    ['privacy', ['Requests', 'Suppressions', 'Data inventory'], ['Reports', 'Goals', 'Users', 'API keys']],
  ] as const)('the home page lists what %s can reach', async (role, shown, hidden) => {
    const { app, deps } = testApp();
    const { headers } = await signedIn(app, deps, role);
    const html = await (await app.request('/admin', { headers })).text();
    for (const label of shown) expect(html).toContain(`>${label}</a>`);
    for (const label of hidden) expect(html).not.toContain(`>${label}</a>`);
    if (role !== 'privacy') expect(html).toContain('compared with the one before');
    else expect(html).toContain('GDPR and CCPA privacy requests by urgency');
    expect(html).not.toMatch(/not built yet|will appear here|Nothing is available/);
    expect(html).toContain('after 15 minutes without activity');
  });

  it('redirects /admin/ to /admin', async () => {
    const { app } = testApp();
    const res = await app.request('/admin/');
    expect(res.headers.get('location')).toBe('/admin');
  });
});

describe('log pages', () => {
  it('/admin/login-log shows attempts with the user’s email when known, and no attempted emails', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'marketer', 'mia@example.test');
    await login(app, 'mia@example.test', 'wrong password here');
    await login(app, 'stranger@example.test', 'wrong password here');
    const admin = await signedIn(app, deps, 'admin');
    const html = await (await app.request('/admin/login-log', { headers: admin.headers })).text();
    expect(html).toContain('Failed: wrong password');
    expect(html).toContain('mia@example.test');
    expect(html).toContain('Failed: unknown email');
    expect(html).toContain('no such user');
    expect(html).not.toContain('stranger@example.test');
    expect(html).toContain('Success: signed in');
  });

  it('/admin/audit shows who did what, newest first, and pages', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    for (let i = 0; i < 55; i++)
      await deps.records.audit.append({ actor: 'system', action: 'test.entry', target: `n:${i}` });
    await app.request(
      '/admin/api-keys',
      form({ _csrf: admin.csrf, name: 'sender', scope: 'stats:read' }, admin.headers),
    );
    const html = await (await app.request('/admin/audit', { headers: admin.headers })).text();
    expect(html.indexOf('apikey.created')).toBeLessThan(html.indexOf('test.entry'));
    expect(html).toContain('admin@example.test'); // the actor, resolved from user:<id>
    const older = /href="(\/admin\/audit\?before=\d+)"/.exec(html)?.[1] ?? '';
    expect(older).not.toBe('');
    const next = await (await app.request(older, { headers: admin.headers })).text();
    expect(next).toContain('n:0');
    expect(next).toContain('End of the log.');
  });
});
