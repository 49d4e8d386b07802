import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsStore } from '../reports/port.ts';
import { fixtureStats } from '../reports/test-app.ts';
import { testApp } from '../testing.ts';
import { signedIn } from './fixtures.ts';
import { ADMIN_CSP } from './routes.ts';

// Friday 2026-11-20 in Berlin holds visits A, B, C and D of reports/fixtures.ts; the day before
// holds one visit of two pageviews. Every number below is counted from that table.
const FRIDAY = '/admin/reports?from=2026-11-20&to=2026-11-20';

let fixture: Awaited<ReturnType<typeof fixtureStats>>;
beforeAll(async () => {
  fixture = await fixtureStats();
});
afterAll(() => fixture.close());

async function marketer(stats: StatsStore = fixture.stats) {
  const { app, deps } = testApp({ stats });
  const { headers } = await signedIn(app, deps, 'marketer');
  const get = async (path: string) => {
    const res = await app.request(path, { headers });
    return { res, html: await res.text() };
  };
  return { app, get };
}

const card = (html: string, metric: string) =>
  new RegExp(`data-metric="${metric}">([^<]*)</p>(?:<p class="change">([^<]*)</p>)?`).exec(html)?.slice(1);

describe('GET /admin/reports', () => {
  it('shows the cards of the range with the change from the previous period, as text', async () => {
    const { get } = await marketer();
    const { res, html } = await get(FRIDAY);
    expect(res.status).toBe(200);
    expect(card(html, 'visitors')).toEqual(['3', '▲ 200% from 1']);
    expect(card(html, 'visits')).toEqual(['4', '▲ 300% from 1']);
    expect(card(html, 'pageviews')).toEqual(['7', '▲ 250% from 2']);
    expect(card(html, 'bounce_rate')).toEqual(['50%', '▲ up from 0%']);
    expect(card(html, 'views_per_visit')).toEqual(['1.75', '▼ 13% from 2.00']);
    expect(html).toContain('2026-11-20 to 2026-11-20 (Europe/Berlin), compared with 2026-11-19 to 2026-11-19');
  });

  it('a filter shows a removable chip and narrows every number', async () => {
    const { get } = await marketer();
    const { html } = await get(`${FRIDAY}&filters=${encodeURIComponent('source==Google')}`);
    expect(card(html, 'visitors')).toEqual(['1', '▲ up from 0']);
    expect(card(html, 'pageviews')).toEqual(['2', '▲ up from 0']);
    expect(html).toContain('aria-label="Remove filter: source is Google"');
    expect(html).toContain('href="/admin/reports?from=2026-11-20&amp;to=2026-11-20"');
  });

  it('every breakdown value links to the same report with that filter added', async () => {
    const { get } = await marketer();
    const { html } = await get(`${FRIDAY}&filters=${encodeURIComponent('country==DE')}`);
    const filtered = (f: string) =>
      `/admin/reports?from=2026-11-20&amp;to=2026-11-20&amp;filters=${encodeURIComponent(f)}`;
    expect(html).toContain(`href="${filtered('country==DE;source==Google')}"`);
    expect(html).toContain(`href="${filtered('country==DE;page==/pricing')}"`);
    // A value of the filtered dimension replaces its filter rather than contradicting it.
    expect(html).toContain(`href="${filtered('country==DE')}"`);
  });

  it('links each table to its CSV in the stats API, with the same range and filters', async () => {
    const { get } = await marketer();
    const { html } = await get(`${FRIDAY}&filters=${encodeURIComponent('device==mobile')}`);
    for (const property of ['source', 'page', 'entry_page', 'country', 'device', 'browser']) {
      expect(html).toContain(
        `href="/api/stats/breakdown?from=2026-11-20&amp;to=2026-11-20&amp;filters=device%3D%3Dmobile&amp;property=${property}&amp;format=csv"`,
      );
    }
  });

  it('draws the timeseries as SVG with a summary and a table of the numbers', async () => {
    const { get } = await marketer();
    const { html } = await get('/admin/reports?from=2026-11-19&to=2026-11-21');
    expect(html).toContain(
      '<title id="chart-title">6 visitors and 12 pageviews from 2026-11-19 to 2026-11-21, by day.</title>',
    );
    expect(html).toMatch(/<th scope="row">2026-11-20<\/th><td class="num">3<\/td><td class="num">7<\/td>/);
  });

  it('lists the events dropped as bots, by reason', async () => {
    const { get } = await marketer();
    const { html } = await get(FRIDAY);
    expect(html).toContain('7 events were not counted');
    expect(html).toContain('<li>bot: 5</li>');
    expect(html).toContain('<li>headless: 2</li>');
  });

  it('explains an empty range: how to get the first visits', async () => {
    const { get } = await marketer();
    const { res, html } = await get('/admin/reports?from=2025-01-01&to=2025-01-31');
    expect(res.status).toBe(200);
    expect(html).toContain('No visits in this range');
    expect(html).toContain('pnpm demo:traffic');
  });

  it('keeps blank form fields from failing: from= and to= mean a period', async () => {
    const { get } = await marketer();
    const { res, html } = await get('/admin/reports?period=7d&from=&to=&filters=');
    expect(res.status).toBe(200);
    expect(html).toContain('<option value="7d" selected="">Last 7 days</option>');
  });

  it('renders under the admin CSP with no script and no style attribute', async () => {
    const { get } = await marketer();
    const { res, html } = await get(`${FRIDAY}&filters=${encodeURIComponent('source==Google')}`);
    expect(res.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('is linked from the admin home page', async () => {
    const { get } = await marketer();
    expect((await get('/admin')).html).toContain('<a href="/admin/reports">Reports</a>');
  });
});
