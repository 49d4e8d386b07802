import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketsOf, distinctStarts } from '../../reports/buckets.ts';
import { fixtureDropped, fixtureEvents } from '../../reports/fixtures.ts';
import { dayRange } from '../../reports/params.ts';
import type { Breakdown, Filter, Goal, Interval, ReportQuery, StatsStore, Totals } from '../../reports/port.ts';
import { type DuckDbEventStore, openDuckDbEventStore } from './events.ts';
import { createDuckDbStats } from './reports.ts';

let events: DuckDbEventStore;
let stats: StatsStore;
beforeAll(async () => {
  events = await openDuckDbEventStore(':memory:');
  await events.insert(fixtureEvents);
  await events.addDropped(fixtureDropped);
  stats = await createDuckDbStats(events);
});
afterAll(async () => {
  await stats.close();
  await events.close();
});

function query(from: string, to: string, more: { tz?: string; filters?: Filter[]; goal?: Goal } = {}): ReportQuery {
  return { ...dayRange('demo', from, to, more.tz ?? 'Europe/Berlin'), filters: more.filters ?? [], goal: more.goal };
}
const is = (dimension: Filter['dimension'], ...values: string[]): Filter => ({ dimension, op: 'is', values });
const isNot = (dimension: Filter['dimension'], ...values: string[]): Filter => ({ dimension, op: 'is_not', values });
const totals = (t: Partial<Totals>): Totals => ({
  visitors: 0,
  visits: 0,
  pageviews: 0,
  bounces: 0,
  engagedMs: 0,
  events: 0,
  conversions: 0,
  ...t,
});

describe('summary (hand-computed from fixtures.ts)', () => {
  it('counts one Berlin day: visits A, B, C and D', async () => {
    expect(await stats.summary(query('2026-11-20', '2026-11-20'))).toEqual(
      totals({ visitors: 3, visits: 4, pageviews: 7, bounces: 2, engagedMs: 215_000, events: 3 }),
    );
  });

  it('puts a visit at 23:30 UTC on the next day in Berlin and on the same day in UTC', async () => {
    const utc = await stats.summary(query('2026-11-20', '2026-11-20', { tz: 'UTC' }));
    expect(utc).toEqual(totals({ visitors: 4, visits: 5, pageviews: 9, bounces: 2, engagedMs: 231_000, events: 4 }));
    const berlinNextDay = await stats.summary(query('2026-11-21', '2026-11-21'));
    expect(berlinNextDay).toEqual(
      totals({ visitors: 2, visits: 2, pageviews: 3, bounces: 1, engagedMs: 61_000, events: 2 }),
    );
  });

  it('counts visitors over several days as the sum of each day’s uniques', async () => {
    const both = await stats.summary(query('2026-11-20', '2026-11-21'));
    expect(both).toEqual(totals({ visitors: 5, visits: 6, pageviews: 10, bounces: 3, engagedMs: 276_000, events: 5 }));
  });

  it('ignores a session without a pageview, first-of-day flag included', async () => {
    // g1 (13:00 UTC on the 21st) holds only an engagement event flagged first of day.
    const day = await stats.summary(query('2026-11-21', '2026-11-21'));
    expect(day.visitors).toBe(2);
    expect(day.engagedMs).toBe(61_000);
  });

  it('is empty for a range without events', async () => {
    expect(await stats.summary(query('2025-01-01', '2025-01-31'))).toEqual(totals({}));
  });

  it.each<[string, Goal, number]>([
    ['a custom event', { kind: 'event', name: 'Signup' }, 2],
    ['a page viewed', { kind: 'page', path: '/pricing' }, 4],
    ['an event nobody sent', { kind: 'event', name: 'Nope' }, 0],
  ])('counts the visits that reached a goal: %s', async (_, goal, conversions) => {
    expect((await stats.summary(query('2026-11-20', '2026-11-21', { goal }))).conversions).toBe(conversions);
  });
});

describe('filters select whole visits', () => {
  const cases: [string, Filter[], Partial<Totals>][] = [
    // A's second pageview has source '' but the visit entered from Google: all of A counts.
    [
      'source==Google (entry source)',
      [is('source', 'Google')],
      { visitors: 3, visits: 3, pageviews: 5, bounces: 1, engagedMs: 151_000, events: 3 },
    ],
    [
      'source!=Google',
      [isNot('source', 'Google')],
      { visitors: 2, visits: 3, pageviews: 5, bounces: 2, engagedMs: 125_000, events: 2 },
    ],
    // Visits that viewed /pricing, counting only the /pricing pageviews.
    [
      'page==/pricing',
      [is('page', '/pricing')],
      { visitors: 4, visits: 4, pageviews: 4, bounces: 2, engagedMs: 255_000, events: 3 },
    ],
    [
      'page!=/pricing (never viewed it)',
      [isNot('page', '/pricing')],
      { visitors: 1, visits: 2, pageviews: 3, bounces: 1, engagedMs: 21_000, events: 2 },
    ],
    [
      'country==DE;page!=/pricing',
      [is('country', 'DE'), isNot('page', '/pricing')],
      { visitors: 0, visits: 1, pageviews: 1, bounces: 1, engagedMs: 5_000, events: 1 },
    ],
    [
      'country==FR|US',
      [is('country', 'FR', 'US')],
      { visitors: 2, visits: 2, pageviews: 3, bounces: 1, engagedMs: 36_000, events: 1 },
    ],
    ['entry_page==/', [is('entry_page', '/')], { visitors: 2, visits: 2, pageviews: 4, engagedMs: 106_000, events: 2 }],
    [
      'exit_page==/pricing',
      [is('exit_page', '/pricing')],
      { visitors: 4, visits: 4, pageviews: 7, bounces: 2, engagedMs: 255_000, events: 3 },
    ],
    [
      'event==Signup',
      [is('event', 'Signup')],
      { visitors: 2, visits: 2, pageviews: 3, bounces: 1, engagedMs: 135_000, events: 2 },
    ],
    [
      'event!=Signup',
      [isNot('event', 'Signup')],
      { visitors: 3, visits: 4, pageviews: 7, bounces: 2, engagedMs: 141_000, events: 3 },
    ],
    [
      'browser_version==Firefox 133',
      [is('browser_version', 'Firefox 133')],
      { visitors: 1, visits: 2, pageviews: 3, bounces: 1, engagedMs: 95_000, events: 2 },
    ],
    [
      'utm_campaign==nov',
      [is('utm_campaign', 'nov')],
      { visitors: 1, visits: 1, pageviews: 3, engagedMs: 100_000, events: 1 },
    ],
    [
      'device==mobile;source==Google',
      [is('device', 'mobile'), is('source', 'Google')],
      { visitors: 1, visits: 1, pageviews: 1, bounces: 1, engagedMs: 45_000, events: 1 },
    ],
    ['a value with SQL in it matches nothing', [is('source', "' OR 1=1 --")], {}],
  ];
  it.each(cases)('%s', async (_, filters, expected) => {
    expect(await stats.summary(query('2026-11-20', '2026-11-21', { filters }))).toEqual(totals(expected));
  });
});

describe('timeseries', () => {
  async function series(from: string, to: string, interval: Interval, tz = 'Europe/Berlin', filters: Filter[] = []) {
    const buckets = bucketsOf(from, to, interval, tz);
    const rows = await stats.timeseries({ ...query(from, to, { tz, filters }), bucketStarts: distinctStarts(buckets) });
    const label = new Map(buckets.map((b) => [b.start.getTime(), b.label]));
    const out: Record<string, Totals> = {};
    for (const { bucketStart, ...t } of rows) out[label.get(bucketStart.getTime()) ?? '?'] = t;
    return out;
  }

  it('buckets visits by the Berlin day of their entry pageview', async () => {
    expect(await series('2026-11-19', '2026-11-21', 'day')).toEqual({
      '2026-11-19': totals({ visitors: 1, visits: 1, pageviews: 2, engagedMs: 30_000 }),
      '2026-11-20': totals({ visitors: 3, visits: 4, pageviews: 7, bounces: 2, engagedMs: 215_000, events: 3 }),
      '2026-11-21': totals({ visitors: 2, visits: 2, pageviews: 3, bounces: 1, engagedMs: 61_000, events: 2 }),
    });
  });

  it('moves the 23:30 UTC visit to the 20th when the zone is UTC', async () => {
    const utc = await series('2026-11-20', '2026-11-21', 'day', 'UTC');
    expect(utc['2026-11-20']?.visits).toBe(5);
    expect(utc['2026-11-21']?.visits).toBe(1);
  });

  it('buckets by Berlin hour', async () => {
    const hours = await series('2026-11-20', '2026-11-20', 'hour');
    expect(Object.fromEntries(Object.entries(hours).map(([k, v]) => [k, v.visits]))).toEqual({
      '2026-11-20 10:00': 1,
      '2026-11-20 11:00': 1,
      '2026-11-20 12:00': 1,
      '2026-11-20 16:00': 1,
    });
  });

  it('sums to the summary, filters included', async () => {
    const filters = [is('source', 'Google')];
    const rows = Object.values(await series('2026-11-16', '2026-11-22', 'day', 'Europe/Berlin', filters));
    const sum = totals({});
    for (const r of rows) for (const k of Object.keys(sum) as (keyof Totals)[]) sum[k] += r[k];
    expect(sum).toEqual(await stats.summary(query('2026-11-16', '2026-11-22', { filters })));
  });
});

describe('breakdowns', () => {
  async function rows(
    breakdown: Breakdown,
    more: { filters?: Filter[]; limit?: number; offset?: number; values?: string[] } = {},
  ) {
    return stats.breakdown({
      ...query('2026-11-20', '2026-11-21', { filters: more.filters }),
      breakdown,
      limit: more.limit ?? 100,
      offset: more.offset ?? 0,
      values: more.values,
    });
  }
  const pick = (r: { value: string; visitors: number; visits: number }[]) =>
    r.map((x) => [x.value, x.visitors, x.visits]);

  it('source: by the entry pageview, best first, direct as ""', async () => {
    const r = await rows({ kind: 'session', dimension: 'source' });
    expect(pick(r)).toEqual([
      ['Google', 3, 3],
      ['', 1, 1],
      ['Newsletter', 1, 1],
      ['Bing', 0, 1],
    ]);
    expect(r[0]).toMatchObject({ pageviews: 5, bounces: 1, engagedMs: 151_000 });
  });

  it.each<[Breakdown, (string | number)[][]]>([
    [
      { kind: 'session', dimension: 'entry_page' },
      [
        ['/', 2, 2],
        ['/pricing', 2, 2],
        ['/blog/hello', 1, 1],
        ['/features', 0, 1],
      ],
    ],
    [
      { kind: 'session', dimension: 'exit_page' },
      [
        ['/pricing', 4, 4],
        ['/missing', 1, 1],
        ['/features', 0, 1],
      ],
    ],
    [
      { kind: 'session', dimension: 'country' },
      [
        ['DE', 3, 4],
        ['FR', 1, 1],
        ['US', 1, 1],
      ],
    ],
    [
      { kind: 'session', dimension: 'browser_version' },
      [
        ['Chrome 131', 2, 2],
        ['Firefox 133', 1, 2],
        ['Edge 131', 1, 1],
        ['Safari 17', 1, 1],
      ],
    ],
    [
      { kind: 'session', dimension: 'device' },
      [
        ['desktop', 3, 4],
        ['mobile', 2, 2],
      ],
    ],
    [
      { kind: 'session', dimension: 'utm_source' },
      [
        ['', 4, 5],
        ['newsletter', 1, 1],
      ],
    ],
    [
      { kind: 'event' },
      [
        ['Signup', 2, 2],
        ['404', 1, 1],
        ['Outbound Link: Click', 1, 1],
        ['File Download', 0, 1],
      ],
    ],
    [
      { kind: 'prop', event: 'Signup', key: 'plan' },
      [
        ['pro', 1, 1],
        ['team', 1, 1],
      ],
    ],
    [{ kind: 'prop', event: '404', key: 'path' }, [['/missing', 1, 1]]],
    [{ kind: 'prop', event: 'Signup', key: 'missing' }, [['', 2, 2]]],
  ])('%o', async (breakdown, expected) => {
    expect(pick(await rows(breakdown))).toEqual(expected);
  });

  it('page: visits that viewed the page, its pageviews and engaged time on it', async () => {
    const r = await rows({ kind: 'page' });
    expect(
      r.map(({ value, visitors, visits, pageviews, bounces, engagedMs, pageEngagedMs }) => ({
        value,
        visitors,
        visits,
        pageviews,
        bounces,
        engagedMs,
        pageEngagedMs,
      })),
    ).toEqual([
      {
        value: '/pricing',
        visitors: 4,
        visits: 4,
        pageviews: 4,
        bounces: 2,
        engagedMs: 255_000,
        pageEngagedMs: 175_000,
      },
      { value: '/', visitors: 3, visits: 3, pageviews: 3, bounces: 0, engagedMs: 206_000, pageEngagedMs: 55_000 },
      {
        value: '/blog/hello',
        visitors: 1,
        visits: 1,
        pageviews: 1,
        bounces: 0,
        engagedMs: 100_000,
        pageEngagedMs: 40_000,
      },
      { value: '/missing', visitors: 1, visits: 1, pageviews: 1, bounces: 0, engagedMs: 16_000, pageEngagedMs: 1_000 },
      { value: '/features', visitors: 0, visits: 1, pageviews: 1, bounces: 1, engagedMs: 5_000, pageEngagedMs: 5_000 },
    ]);
  });

  it('event rows count the events', async () => {
    const r = await rows({ kind: 'event' });
    expect(r.map((x) => [x.value, x.events])).toEqual([
      ['Signup', 2],
      ['404', 1],
      ['Outbound Link: Click', 1],
      ['File Download', 1],
    ]);
  });

  it('page under a session-level filter lists the pages of those visits only', async () => {
    expect(pick(await rows({ kind: 'page' }, { filters: [is('source', 'Google')] }))).toEqual([
      ['/', 2, 2],
      ['/pricing', 2, 2],
      ['/missing', 1, 1],
    ]);
  });

  it('pages with limit and offset', async () => {
    const second = await rows({ kind: 'page' }, { limit: 2, offset: 2 });
    expect(second.map((x) => x.value)).toEqual(['/blog/hello', '/missing']);
  });

  it('only the given values, for comparison rows', async () => {
    const r = await rows({ kind: 'session', dimension: 'source' }, { values: ['Bing', 'Yahoo'] });
    expect(pick(r)).toEqual([['Bing', 0, 1]]);
  });
});

describe('realtime and bots', () => {
  it.each([
    ['2026-11-21T12:03:00Z', 1],
    ['2026-11-21T12:06:00Z', 0],
    ['2026-11-20T11:02:00Z', 1],
    ['2026-11-20T09:01:00Z', 1],
  ])('realtime at %s: %i visitors (sessions with an event in the last 5 minutes)', async (now, n) => {
    expect(await stats.realtime('demo', new Date(now))).toBe(n);
  });

  it('bot counts for the days of the range, this site only', async () => {
    expect(await stats.botCounts(dayRange('demo', '2026-11-20', '2026-11-21', 'Europe/Berlin'))).toEqual({
      total: 8,
      reasons: { bot: 6, headless: 2 },
    });
  });
});
