import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsStore } from './port.ts';
import { fixtureStats, statsApp, unzip } from './test-app.ts';

// Expectations are computed by hand from fixtures.ts (see the store tests for the raw counts).
let fixture: Awaited<ReturnType<typeof fixtureStats>>;
let stats: StatsStore;
beforeAll(async () => {
  fixture = await fixtureStats();
  stats = fixture.stats;
});
afterAll(() => fixture.close());

async function get(path: string, now?: number) {
  const res = await statsApp(stats, { now }).app.request(path);
  return res;
}
async function json(path: string, now?: number) {
  const res = await get(path, now);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return res.json();
}

const twoDays = 'site=demo&from=2026-11-20&to=2026-11-21';

describe('GET /api/stats/summary', () => {
  it('answers every metric as a number under its stable key', async () => {
    expect(await json(`/api/stats/summary?${twoDays}`)).toEqual({
      site: 'demo',
      from: '2026-11-20',
      to: '2026-11-21',
      tz: 'Europe/Berlin',
      filters: '',
      goal: null,
      results: {
        visitors: 5,
        visits: 6,
        pageviews: 10,
        views_per_visit: 1.67,
        bounce_rate: 0.5,
        visit_duration: 46,
        events: 5,
      },
      dropped_events: { total: 8, reasons: { bot: 6, headless: 2 } },
    });
  });

  it('takes a hostname of the site as well as its id', async () => {
    const byHost = await json('/api/stats/summary?site=localhost&from=2026-11-20&to=2026-11-21');
    expect(byHost.site).toBe('demo');
    expect(byHost.results.visits).toBe(6);
  });

  it('resolves period=today against the clock in the site’s zone', async () => {
    // 23:30 UTC on the 20th is already the 21st in Berlin.
    const body = await json('/api/stats/summary?period=today', Date.parse('2026-11-20T23:45:00Z'));
    expect([body.from, body.to]).toEqual(['2026-11-21', '2026-11-21']);
    expect(body.results.visits).toBe(2);
    const utc = await json('/api/stats/summary?period=today&tz=UTC', Date.parse('2026-11-20T23:45:00Z'));
    expect([utc.from, utc.results.visits]).toEqual(['2026-11-20', 5]);
  });

  it('compares with the previous period of equal length', async () => {
    const body = await json('/api/stats/summary?from=2026-11-20&to=2026-11-20&compare=previous');
    expect(body.results).toMatchObject({ visitors: 3, visits: 4, bounce_rate: 0.5, visit_duration: 54 });
    expect(body.comparison).toEqual({
      from: '2026-11-19',
      to: '2026-11-19',
      results: {
        visitors: 1,
        visits: 1,
        pageviews: 2,
        views_per_visit: 2,
        bounce_rate: 0,
        visit_duration: 30,
        events: 0,
      },
    });
  });

  it.each([
    ['event:Signup', 2, 0.3333],
    ['page:/pricing', 4, 0.6667],
  ])('goal=%s adds conversions and conversion_rate', async (goal, conversions, rate) => {
    const body = await json(`/api/stats/summary?${twoDays}&goal=${encodeURIComponent(goal)}`);
    expect(body.goal).toBe(goal);
    expect(body.results).toMatchObject({ conversions, conversion_rate: rate });
  });

  it.each([
    ['source==Google', { visits: 3, pageviews: 5, bounce_rate: 0.3333, visit_duration: 50 }],
    ['page!=/pricing', { visitors: 1, visits: 2, pageviews: 3, bounce_rate: 0.5 }],
    ['country==de;page!=/pricing', { visitors: 0, visits: 1 }],
    ['country==FR|US', { visitors: 2, visits: 2 }],
  ])('filters=%s', async (filters, expected) => {
    const body = await json(`/api/stats/summary?${twoDays}&filters=${encodeURIComponent(filters)}`);
    expect(body.results).toMatchObject(expected);
    expect(body.filters).toBe(filters.replace('==de', '==DE'));
  });
});

describe('GET /api/stats/timeseries', () => {
  it('lists every day of the range, zeros included', async () => {
    const body = await json('/api/stats/timeseries?from=2026-11-18&to=2026-11-21');
    expect(body.interval).toBe('day');
    expect(body.results.map((r: { date: string; visits: number }) => [r.date, r.visits])).toEqual([
      ['2026-11-18', 0],
      ['2026-11-19', 1],
      ['2026-11-20', 4],
      ['2026-11-21', 2],
    ]);
    expect(body.results[2]).toEqual({
      date: '2026-11-20',
      visitors: 3,
      visits: 4,
      pageviews: 7,
      views_per_visit: 1.75,
      bounce_rate: 0.5,
      visit_duration: 54,
      events: 3,
    });
  });

  it('defaults to hours for one day, in the requested zone', async () => {
    const body = await json('/api/stats/timeseries?from=2026-11-20&to=2026-11-20&tz=UTC');
    expect(body.results).toHaveLength(24);
    const busy = body.results.filter((r: { visits: number }) => r.visits > 0).map((r: { date: string }) => r.date);
    expect(busy).toEqual([
      '2026-11-20 09:00',
      '2026-11-20 10:00',
      '2026-11-20 11:00',
      '2026-11-20 15:00',
      '2026-11-20 23:00',
    ]);
  });

  it('compares with the previous days', async () => {
    const body = await json('/api/stats/timeseries?from=2026-11-20&to=2026-11-21&compare=previous');
    expect(body.comparison.from).toBe('2026-11-18');
    expect(body.comparison.results.map((r: { date: string; visits: number }) => [r.date, r.visits])).toEqual([
      ['2026-11-18', 0],
      ['2026-11-19', 1],
    ]);
  });
});

describe('GET /api/stats/breakdown', () => {
  it('property=source: rows of value and visit metrics, best first', async () => {
    const body = await json(`/api/stats/breakdown?${twoDays}&property=source`);
    expect(body.columns).toEqual(['value', 'visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration']);
    expect(body.results).toEqual([
      { value: 'Google', visitors: 3, visits: 3, pageviews: 5, bounce_rate: 0.3333, visit_duration: 50 },
      { value: '', visitors: 1, visits: 1, pageviews: 1, bounce_rate: 1, visit_duration: 20 },
      { value: 'Newsletter', visitors: 1, visits: 1, pageviews: 3, bounce_rate: 0, visit_duration: 100 },
      { value: 'Bing', visitors: 0, visits: 1, pageviews: 1, bounce_rate: 1, visit_duration: 5 },
    ]);
    expect(body.more).toBe(false);
  });

  it('property=page adds time_on_page', async () => {
    const body = await json(`/api/stats/breakdown?${twoDays}&property=page&limit=1`);
    expect(body.results).toEqual([
      {
        value: '/pricing',
        visitors: 4,
        visits: 4,
        pageviews: 4,
        bounce_rate: 0.5,
        visit_duration: 64,
        time_on_page: 44,
      },
    ]);
    expect(body.more).toBe(true);
  });

  it.each([
    ['property=event', [{ value: 'Signup', visitors: 2, visits: 2, events: 2 }]],
    [`property=${encodeURIComponent('prop:plan')}&event=Signup`, [{ value: 'pro', visitors: 1, visits: 1, events: 1 }]],
    ['property=outbound_link', [{ value: 'https://example.com/q?x="a",b', visitors: 1, visits: 1, events: 1 }]],
    ['property=file_download', [{ value: 'https://cdn.example/guide.pdf', visitors: 0, visits: 1, events: 1 }]],
    ['property=not_found', [{ value: '/missing', visitors: 1, visits: 1, events: 1 }]],
  ])('%s', async (params, first) => {
    const body = await json(`/api/stats/breakdown?${twoDays}&${params}&limit=1`);
    expect(body.results).toEqual(first);
  });

  it('page 2 continues where page 1 stopped', async () => {
    const body = await json(`/api/stats/breakdown?${twoDays}&property=entry_page&limit=2&page=2`);
    expect(body.results.map((r: { value: string }) => r.value)).toEqual(['/blog/hello', '/features']);
    expect([body.page, body.more]).toEqual([2, false]);
  });

  it('compares the same values with the previous period, row for row', async () => {
    const body = await json('/api/stats/breakdown?from=2026-11-20&to=2026-11-20&property=entry_page&compare=previous');
    expect(body.results.map((r: { value: string }) => r.value)).toEqual(['/', '/blog/hello', '/pricing', '/features']);
    expect(body.comparison.results.map((r: { value: string; visits: number }) => [r.value, r.visits])).toEqual([
      ['/', 1],
      ['/blog/hello', 0],
      ['/pricing', 0],
      ['/features', 0],
    ]);
  });
});

describe('GET /api/stats/realtime', () => {
  it('counts the visits with an event in the last 5 minutes', async () => {
    const body = await json('/api/stats/realtime', Date.parse('2026-11-21T12:03:00Z'));
    expect(body).toEqual({ site: 'demo', at: '2026-11-21T12:03:00.000Z', visitors: 1 });
  });
});

describe('format=csv', () => {
  async function csv(path: string) {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    return { text: await res.text(), disposition: res.headers.get('content-disposition') };
  }

  it('summary: a header row and one row, previous period alongside', async () => {
    const { text, disposition } = await csv(
      '/api/stats/summary?from=2026-11-20&to=2026-11-20&compare=previous&format=csv',
    );
    expect(disposition).toBe('attachment; filename="candor-demo-summary-2026-11-20.csv"');
    expect(text).toBe(
      'from,to,visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration,events,dropped_events,' +
        'previous_from,previous_to,previous_visitors,previous_visits,previous_pageviews,previous_views_per_visit,' +
        'previous_bounce_rate,previous_visit_duration,previous_events\r\n' +
        '2026-11-20,2026-11-20,3,4,7,1.75,0.5,54,3,7,2026-11-19,2026-11-19,1,1,2,2,0,30,0\r\n',
    );
  });

  it('breakdown: values quoted where they hold quotes or commas', async () => {
    const { text, disposition } = await csv(`/api/stats/breakdown?${twoDays}&property=outbound_link&format=csv`);
    expect(disposition).toBe('attachment; filename="candor-demo-prop_url-2026-11-20_2026-11-21.csv"');
    expect(text).toBe('value,visitors,visits,events\r\n"https://example.com/q?x=""a"",b",1,1,1\r\n');
  });

  it('timeseries: one row per bucket', async () => {
    const { text } = await csv('/api/stats/timeseries?from=2026-11-19&to=2026-11-20&format=csv');
    expect(text.split('\r\n')).toEqual([
      'date,visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration,events',
      '2026-11-19,1,1,2,2,0,30,0',
      '2026-11-20,3,4,7,1.75,0.5,54,3',
      '',
    ]);
  });

  it('realtime as CSV too', async () => {
    const { text } = await csv('/api/stats/realtime?format=csv');
    expect(text).toBe('site,at,visitors\r\ndemo,2026-11-21T13:00:00.000Z,1\r\n');
  });
});

describe('GET /api/stats/export', () => {
  it('zips every report of the range as the CSV each route answers', async () => {
    const { app } = statsApp(stats);
    const res = await app.request(`/api/stats/export?${twoDays}&filters=${encodeURIComponent('source==Google')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="candor-demo-export-2026-11-20_2026-11-21.zip"',
    );
    const files = await unzip(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual([
      'summary.csv',
      'timeseries-day.csv',
      ...['page', 'entry_page', 'exit_page', 'source', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign']
        .concat(['utm_term', 'utm_content', 'country', 'browser', 'browser_version', 'os', 'device', 'event'])
        .concat(['outbound_link', 'file_download', 'not_found'])
        .map((p) => `breakdown-${p}.csv`),
    ]);
    const alone = async (path: string) => (await app.request(`${path}&filters=source%3D%3DGoogle`)).text();
    expect(files['summary.csv']).toBe(await alone(`/api/stats/summary?${twoDays}&format=csv`));
    expect(files['breakdown-page.csv']).toBe(
      await alone(`/api/stats/breakdown?${twoDays}&property=page&limit=1000&format=csv`),
    );
    expect(files['breakdown-not_found.csv']).toBe('value,visitors,visits,events\r\n/missing,1,1,1\r\n');
  });
});
