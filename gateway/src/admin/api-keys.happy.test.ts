import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { testApp } from '../testing.ts';
import { createAuth } from './auth.ts';
import { form, signedIn } from './fixtures.ts';

const KEY = /cdr_[0-9A-Za-z]{40}/;

async function createKey(scopes: string[] = ['stats:read', 'suppressions:read']) {
  const t = testApp();
  const admin = await signedIn(t.app, t.deps, 'admin');
  const res = await t.app.request(
    '/admin/api-keys',
    form({ _csrf: admin.csrf, name: ' Newsletter sender ', scope: scopes }, admin.headers),
  );
  const html = await res.text();
  return { ...t, admin, res, html, key: KEY.exec(html)?.[0] ?? '' };
}

describe('/admin/api-keys', () => {
  it('shows a new key once, with its scopes, and stores only its hash', async () => {
    const { app, deps, admin, res, html, key } = await createKey();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('shown only this once');
    expect(key).toMatch(KEY);
    const [stored] = await deps.records.apiKeys.list();
    expect(stored).toMatchObject({
      name: 'Newsletter sender',
      scopes: ['stats:read', 'suppressions:read'],
      prefix: key.slice(0, 10),
    });
    expect(JSON.stringify(stored)).not.toContain(key);
    const list = await (await app.request('/admin/api-keys', { headers: admin.headers })).text();
    expect(list).not.toContain(key);
    expect(list).toContain(`${key.slice(0, 10)}…`);
  });

  it('makes keys that pass requireAuth for their scope only, until revoked', async () => {
    const { app, deps, admin, key } = await createKey(['stats:read']);
    // A route guarded the way the stats API is, over the same store.
    const api = new Hono<AppEnv>();
    const auth = createAuth({ records: deps.records, csrfKey: deps.admin.csrfKey, trustProxy: false, now: Date.now });
    api.use(async (c, next) => {
      c.set('auth', auth);
      await next();
    });
    api.get('/api/stats/summary', requireAuth({ scope: 'stats:read', roles: ['marketer'] }), (c) => c.text('ok'));
    api.get('/api/suppressions', requireAuth({ scope: 'suppressions:read' }), (c) => c.text('ok'));
    const call = async (path: string) =>
      (await api.request(path, { headers: { authorization: `Bearer ${key}` } })).status;
    expect(await call('/api/stats/summary')).toBe(200);
    expect(await call('/api/suppressions')).toBe(403);
    // admin pages take sessions only
    expect((await app.request('/admin', { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);

    const [stored] = await deps.records.apiKeys.list();
    const revoked = await app.request(
      `/admin/api-keys/${stored?.id}/revoke`,
      form({ _csrf: admin.csrf }, admin.headers),
    );
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/admin/api-keys?notice=revoked');
    expect(await call('/api/stats/summary')).toBe(401);
    const page = await (await app.request('/admin/api-keys?notice=revoked', { headers: admin.headers })).text();
    expect(page).toContain('Key revoked.');
    expect(page).toMatch(/Revoked \d{4}-\d{2}-\d{2}/);
  });

  it('audits creation and revocation with the name and scopes, never the key', async () => {
    const { app, deps, admin, key } = await createKey(['unsubscribe:write']);
    const [stored] = await deps.records.apiKeys.list();
    await app.request(`/admin/api-keys/${stored?.id}/revoke`, form({ _csrf: admin.csrf }, admin.headers));
    const [revoked, created] = await deps.records.audit.list();
    expect(created).toMatchObject({
      action: 'apikey.created',
      target: `apikey:${stored?.id}`,
      after: { name: 'Newsletter sender', scopes: ['unsubscribe:write'] },
    });
    expect(revoked).toMatchObject({
      action: 'apikey.revoked',
      target: `apikey:${stored?.id}`,
      actor: `user:${admin.user.id}`,
    });
    expect(JSON.stringify(await deps.records.audit.list())).not.toContain(key);
  });

  it.each([
    [{ name: 'no scopes' }, 'Choose at least one scope'],
    [{ name: 'bad', scope: 'stats:write' }, 'Unknown scope(s) stats:write'],
    [{ name: '   ', scope: 'stats:read' }, 'Give the key a name'],
  ])('refuses %o with 400', async (fields, message) => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const res = await app.request('/admin/api-keys', form({ _csrf: admin.csrf, ...fields }, admin.headers));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
    expect(await deps.records.apiKeys.list()).toEqual([]);
  });
});
