import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStats } from '../reports/test-app.ts';
import { testApp } from '../testing.ts';
import { signedIn } from './fixtures.ts';

let fixture: Awaited<ReturnType<typeof fixtureStats>>;
beforeAll(async () => {
  fixture = await fixtureStats();
});
afterAll(() => fixture.close());

describe('GET /admin/reports refuses', () => {
  it('anonymous visitors: a redirect to the login page, before any query', async () => {
    const { app } = testApp({ stats: fixture.stats });
    const res = await app.request('/admin/reports?from=nope');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Freports%3Ffrom%3Dnope');
  });

  it('the privacy role: a 403 page', async () => {
    const { app, deps } = testApp({ stats: fixture.stats });
    const { headers } = await signedIn(app, deps, 'privacy');
    const res = await app.request('/admin/reports', { headers });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it.each([
    ['from=2026-13-01&to=2026-13-02', 'from: must be a date as YYYY-MM-DD'],
    ['from=2026-11-20&to=2026-11-01', 'from: must not be after to'],
    ['period=2w', 'period:'],
    ['period=7d&from=2026-11-01&to=2026-11-02', 'period: give either period or from and to'],
    ['filters=nope', 'filters:'],
    ['site=elsewhere', 'site: is not a configured site'],
    ['colour=blue', 'colour: unknown parameter'],
  ])('bad parameters (%s): a 400 page inside the layout, not a problem', async (query, detail) => {
    const { app, deps } = testApp({ stats: fixture.stats });
    const { headers } = await signedIn(app, deps, 'marketer');
    const res = await app.request(`/admin/reports?${query}`, { headers });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>This report link is not valid</h1>');
    expect(html).toContain(detail);
    expect(html).toContain('<nav aria-label="Admin sections">');
  });

  it('is not mounted without a stats store', async () => {
    const { app, deps } = testApp();
    const { headers } = await signedIn(app, deps, 'admin');
    expect((await app.request('/admin/reports', { headers })).status).toBe(404);
  });
});
