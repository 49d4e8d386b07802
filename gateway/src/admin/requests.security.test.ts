import { describe, expect, it } from 'vitest';
import { SECRETS, seedRequest, systemsConfig, testUnsubscribe } from '../requests/workflow.fixtures.ts';
import { testApp } from '../testing.ts';
import { form, signedIn } from './fixtures.ts';

async function setup() {
  const t = testApp({ config: systemsConfig, webhookSecrets: SECRETS });
  const unsubscribe = testUnsubscribe(systemsConfig, t.deps.records, Date.now);
  const request = await seedRequest({ config: systemsConfig, records: t.deps.records, unsubscribe });
  return { ...t, request };
}

describe('/admin/requests access', () => {
  it('refuses a marketer every page and action, and changes nothing', async () => {
    const { app, deps, request } = await setup();
    const marketer = await signedIn(app, deps, 'marketer');
    for (const path of ['/admin/requests', `/admin/requests/${request.id}`]) {
      expect((await app.request(path, { headers: marketer.headers })).status).toBe(403);
    }
    const start = await app.request(
      `/admin/requests/${request.id}/start`,
      form({ _csrf: marketer.csrf, notify: '1' }, marketer.headers),
    );
    expect(start.status).toBe(403);
    expect((await deps.records.requests.byId(request.id))?.status).toBe('verified');
    const home = await (await app.request('/admin', { headers: marketer.headers })).text();
    expect(home).not.toContain('href="/admin/requests"');
  });

  it.each(['privacy', 'admin'] as const)('lets %s in, with Requests in the navigation', async (role) => {
    const { app, deps, request } = await setup();
    const session = await signedIn(app, deps, role);
    const queue = await app.request('/admin/requests', { headers: session.headers });
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain('<a href="/admin/requests" aria-current="page">Requests</a>');
    expect((await app.request(`/admin/requests/${request.id}`, { headers: session.headers })).status).toBe(200);
  });

  it.each([
    ['without the CSRF token', {}],
    ['with a wrong CSRF token', { _csrf: 'forged' }],
  ])('refuses an action %s, and changes nothing', async (_, fields) => {
    const { app, deps, request } = await setup();
    const session = await signedIn(app, deps, 'privacy');
    const res = await app.request(
      `/admin/requests/${request.id}/reject`,
      form({ ...fields, reasons: 'Forged.' }, session.headers),
    );
    expect(res.status).toBe(403);
    expect((await deps.records.requests.byId(request.id))?.status).toBe('verified');
  });

  it('refuses a cross-site post even with the token', async () => {
    const { app, deps, request } = await setup();
    const session = await signedIn(app, deps, 'privacy');
    const res = await app.request(
      `/admin/requests/${request.id}/start`,
      form({ _csrf: session.csrf }, { ...session.headers, origin: 'https://evil.example' }),
    );
    expect(res.status).toBe(403);
    expect((await deps.records.requests.byId(request.id))?.status).toBe('verified');
  });

  it('escapes what the requester wrote', async () => {
    const { app, deps } = await setup();
    const unsubscribe = testUnsubscribe(systemsConfig, deps.records, Date.now);
    const evil = await seedRequest(
      { config: systemsConfig, records: deps.records, unsubscribe },
      { type: 'rectify', rectification: '<script>alert(1)</script>' },
    );
    const session = await signedIn(app, deps, 'privacy');
    const html = await (await app.request(`/admin/requests/${evil.id}`, { headers: session.headers })).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
