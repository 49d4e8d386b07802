import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketsOf, distinctStarts } from '../../reports/buckets.ts';
import { dayRange } from '../../reports/params.ts';
import type { Breakdown, BreakdownQuery, Filter, Goal, ReportQuery, StatsStore } from '../../reports/port.ts';
import type { AnalyticsEvent } from '../events.ts';
import { type DuckDbEventStore, openDuckDbEventStore } from './events.ts';
import { createDuckDbStats } from './reports.ts';
import { Params, sessionsCte, TOTALS } from './reports-sql.ts';
import type { SealStep } from './visits.ts';

// The visits table must change no number. The oracle is a store that never seals, so every
// report groups all events of the range by session (the `sessionsCte` SQL, checked here against
// the summary too); the same random events sealed at other points must answer the same.

/** A deterministic PRNG (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20261120);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

const PAGES = ['/', '/pricing', '/features', '/blog/a', '/blog/b'];
const SOURCES = ['', 'Google', 'Newsletter', 'Bing'];
const COUNTRIES = ['DE', 'US', 'AT', ''];
const BROWSERS: [string, string][] = [
  ['Firefox', '133'],
  ['Chrome', '131'],
  ['Safari', ''],
];
const CUSTOM = ['Signup', '404', 'File Download'];
const DAY0 = Date.parse('2026-11-20T00:00:00Z');

/** Random visits over four days: short and long ones, some across midnight, some with no pageview. */
function randomEvents(sessions: number): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  for (let i = 0; i < sessions; i++) {
    const [browser, browserVersion] = pick(BROWSERS);
    const base = {
      site: rnd() < 0.95 ? 'demo' : 'other',
      country: pick(COUNTRIES),
      browser,
      browserVersion,
      os: pick(['Linux', 'iOS']),
      device: pick(['desktop', 'mobile'] as const),
      sessionId: `r${i}`,
      utmTerm: '',
      utmContent: '',
    };
    const source = pick(SOURCES);
    let t = DAY0 + Math.floor(rnd() * 4 * 86_400_000);
    const long = rnd() < 0.1;
    const steps = 1 + Math.floor(rnd() * (long ? 12 : 5));
    for (let k = 0; k < steps; k++) {
      const name = k === 0 && rnd() < 0.05 ? 'engagement' : rnd() < 0.6 ? 'pageview' : pick(['engagement', ...CUSTOM]);
      const first = k === 0;
      events.push({
        ...base,
        time: new Date(t),
        name,
        path: pick(PAGES),
        source: first ? source : '',
        referrerHost: first && source === 'Google' ? 'google.com' : '',
        utmSource: first && source === 'Newsletter' ? 'newsletter' : '',
        utmMedium: '',
        utmCampaign: '',
        firstOfDay: rnd() < 0.3,
        engagedMs: name === 'engagement' ? Math.floor(rnd() * 60_000) : 0,
        props: name === 'Signup' ? { plan: pick(['free', 'pro']) } : {},
      });
      t += Math.floor(rnd() * (long ? 25 * 60_000 : 10 * 60_000));
    }
  }
  return events.sort((a, b) => a.time.getTime() - b.time.getTime());
}

function randomFilters(): Filter[] {
  const filters: Filter[] = [];
  const n = Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const op = rnd() < 0.7 ? 'is' : 'is_not';
    const dimension = pick([
      'page',
      'event',
      'country',
      'source',
      'entry_page',
      'exit_page',
      'browser_version',
    ] as const);
    const pool: Record<string, readonly string[]> = {
      page: PAGES,
      event: [...CUSTOM, 'pageview'],
      country: COUNTRIES,
      source: SOURCES,
      entry_page: PAGES,
      exit_page: PAGES,
      browser_version: ['Firefox 133', 'Chrome 131', 'Safari'],
    };
    const values = [pick(pool[dimension] ?? [])];
    if (rnd() < 0.3) values.push(pick(pool[dimension] ?? []));
    filters.push({ dimension, op, values });
  }
  return filters;
}

function randomQuery(): ReportQuery {
  const from = 19 + Math.floor(rnd() * 5);
  const days = Math.floor(rnd() * 3);
  const date = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
  const tz = pick(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']);
  const goal: Goal | undefined = pick([
    undefined,
    { kind: 'event', name: 'Signup' },
    { kind: 'page', path: '/pricing' },
  ] as const);
  return { ...dayRange('demo', date(from), date(from + days), tz), filters: randomFilters(), goal };
}

const BREAKDOWNS: Breakdown[] = [
  { kind: 'session', dimension: 'source' },
  { kind: 'session', dimension: 'entry_page' },
  { kind: 'session', dimension: 'exit_page' },
  { kind: 'session', dimension: 'browser_version' },
  { kind: 'page' },
  { kind: 'event' },
  { kind: 'prop', event: 'Signup', key: 'plan' },
];

interface Opened {
  events: DuckDbEventStore;
  stats: StatsStore;
}
const data = randomEvents(400);
let dir: string;
let oracle: Opened;
const variants: [string, Opened][] = [];

/** A store with the events inserted in batches; `seal` at the given instants (ms) after each batch. */
async function open(
  file: string,
  sealAt: (batch: number) => number | undefined,
  sealChunkEvents?: number,
): Promise<Opened> {
  const events = await openDuckDbEventStore(file, undefined, { now: () => 0, sealEveryMs: 0, sealChunkEvents });
  for (let b = 0, i = 0; i < data.length; b++, i += 50) {
    await events.insert(data.slice(i, i + 50));
    const at = sealAt(b);
    if (at !== undefined) await events.seal(new Date(at));
  }
  return { events, stats: await createDuckDbStats(events) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candor-visits-'));
  oracle = await open(':memory:', () => undefined);
  // Sealed as the data arrives (a seal after each batch, 35 minutes behind its newest event).
  const last = (b: number) => (data[Math.min(data.length, (b + 1) * 50) - 1]?.time.getTime() ?? 0) + 60_000;
  variants.push(['sealed as it arrives', await open(':memory:', last)]);
  // Everything sealed at once at the end, then sealed again (idempotent).
  const end = DAY0 + 6 * 86_400_000;
  const all = await open(join(dir, 'all.duckdb'), () => undefined);
  await all.events.seal(new Date(end));
  await all.events.seal(new Date(end));
  variants.push(['sealed at once, twice', all]);
  // The same backlog sealed in steps of 37 events (each its own transaction), as a large one is.
  const stepped = await open(':memory:', () => undefined, 37);
  await stepped.events.seal(new Date(end));
  variants.push(['sealed in steps of 37 events', stepped]);
  // Sealed halfway, then more events arrive out of order (before W): they unseal what they touch.
  const half = await open(':memory:', (b) => (b === 16 ? last(b) : undefined));
  variants.push(['sealed halfway, then late events', half]);
  // Late events (a minority of sessions, last days): they unseal from their earliest on.
  const late = data
    .filter((e, i) => i % 37 === 0 && e.time.getTime() > DAY0 + 2.5 * 86_400_000)
    .map((e) => ({ ...e, name: 'Late', engagedMs: 7 }));
  for (const { events } of [oracle, ...variants.map(([, o]) => o)]) await events.insert(late);
  await all.events.seal(new Date(end));
  await stepped.events.seal(new Date(end));
}, 60_000);

afterAll(async () => {
  for (const { events, stats } of [oracle, ...variants.map(([, o]) => o)]) {
    await stats.close();
    await events.close();
  }
  await rm(dir, { recursive: true, force: true });
});

async function sealedVisits(store: DuckDbEventStore): Promise<number> {
  const conn = await store.connect();
  const n = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM visits')).getRowObjects()[0]?.n;
  conn.closeSync();
  return Number(n);
}

describe('reports over sealed visits equal the grouping of every event (random data)', () => {
  it('the oracle store answers what sessionsCte answers', async () => {
    const conn = await oracle.events.connect();
    try {
      for (let i = 0; i < 20; i++) {
        const q = randomQuery();
        const p = new Params();
        const sql = `WITH ${sessionsCte(q, p)} SELECT ${TOTALS} FROM s`;
        const [row] = (await conn.runAndReadAll(sql, p.values, p.types)).getRowObjects();
        const s = await oracle.stats.summary(q);
        expect([s.visitors, s.visits, s.pageviews, s.bounces, s.engagedMs, s.events, s.conversions]).toEqual(
          ['visitors', 'visits', 'pageviews', 'bounces', 'engaged_ms', 'events', 'conversions'].map((k) =>
            Number(row?.[k] ?? 0),
          ),
        );
      }
    } finally {
      conn.closeSync();
    }
  });

  it.each([
    'sealed as it arrives',
    'sealed at once, twice',
    'sealed in steps of 37 events',
    'sealed halfway, then late events',
  ])(
    '%s',
    async (name) => {
      const variant = variants.find(([n]) => n === name)?.[1];
      if (!variant) throw new Error(name);
      const store = variant.stats;
      // Most sessions must be sealed, or this compares the oracle with itself.
      expect(await sealedVisits(variant.events)).toBeGreaterThan(100);
      for (let i = 0; i < 60; i++) {
        const q = randomQuery();
        const label = JSON.stringify(q);
        expect(await store.summary(q), label).toEqual(await oracle.stats.summary(q));
        const bucketStarts = distinctStarts(bucketsOf(q.from, q.to, pick(['hour', 'day'] as const), q.tz));
        const ts = { ...q, bucketStarts };
        expect(await store.timeseries(ts), label).toEqual(await oracle.stats.timeseries(ts));
        const b: BreakdownQuery = { ...q, breakdown: pick(BREAKDOWNS), limit: 1000, offset: 0 };
        const strip = (rows: Awaited<ReturnType<StatsStore['breakdown']>>) =>
          // A page row's `events` is not a metric of the page breakdown (see README).
          b.breakdown.kind === 'page' ? rows.map((r) => ({ ...r, events: 0 })) : rows;
        expect(strip(await store.breakdown(b)), `${label} ${JSON.stringify(b.breakdown)}`).toEqual(
          strip(await oracle.stats.breakdown(b)),
        );
      }
    },
    60_000,
  );

  it('keeps the same answers across a restart, with nothing sealed twice', async () => {
    const q = { ...dayRange('demo', '2026-11-19', '2026-11-25', 'UTC'), filters: [] };
    const [, all] = variants[1] ?? [];
    if (!all) throw new Error('missing');
    const before = await all.stats.summary(q);
    await all.stats.close();
    await all.events.close();
    const events = await openDuckDbEventStore(join(dir, 'all.duckdb'), undefined, { sealEveryMs: 0 });
    const stats = await createDuckDbStats(events);
    variants[1] = ['sealed at once, twice', { events, stats }];
    await events.seal(new Date(DAY0 + 7 * 86_400_000));
    expect(await stats.summary(q)).toEqual(before);
    expect(before).toEqual(await oracle.stats.summary(q));
    const conn = await events.connect();
    const rows = (
      await conn.runAndReadAll('SELECT count(*) AS n, count(DISTINCT session_id) AS d FROM visits')
    ).getRowObjects();
    conn.closeSync();
    expect(Number(rows[0]?.n)).toBe(Number(rows[0]?.d));
  });
});

describe('sealing', () => {
  const ev = (minute: number, sessionId: string, name = 'pageview'): AnalyticsEvent => ({
    time: new Date(DAY0 + minute * 60_000),
    site: 'demo',
    name,
    path: '/',
    source: '',
    referrerHost: '',
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    utmTerm: '',
    utmContent: '',
    country: 'DE',
    browser: 'Firefox',
    browserVersion: '133',
    os: 'Linux',
    device: 'desktop',
    sessionId,
    firstOfDay: false,
    engagedMs: 0,
    props: {},
  });
  const q = { ...dayRange('demo', '2026-11-20', '2026-11-20', 'UTC'), filters: [] };
  const sealedCount = sealedVisits;

  it('leaves a session open at the seal out of visits, and seals it whole later', async () => {
    const store = await openDuckDbEventStore(':memory:', undefined, { now: () => 0, sealEveryMs: 0 });
    const stats = await createDuckDbStats(store);
    await store.insert([ev(0, 'a'), ev(10, 'b'), ev(20, 'b')]);
    // At minute 50, a ended 50 minutes ago (sealed) and b 30 minutes ago (still open).
    await store.seal(new Date(DAY0 + 50 * 60_000));
    expect(await sealedCount(store)).toBe(1);
    await store.insert([ev(55, 'b')]);
    expect((await stats.summary(q)).pageviews).toBe(4);
    await store.seal(new Date(DAY0 + 120 * 60_000));
    await store.seal(new Date(DAY0 + 120 * 60_000));
    expect(await sealedCount(store)).toBe(2);
    expect(await stats.summary(q)).toMatchObject({ visits: 2, pageviews: 4, bounces: 1 });
    await stats.close();
    await store.close();
  });

  it('seals a backlog in steps of at most sealChunkEvents events, each committed and reported', async () => {
    const steps: SealStep[] = [];
    const store = await openDuckDbEventStore(':memory:', undefined, {
      now: () => 0,
      sealEveryMs: 0,
      sealChunkEvents: 2,
      onSealStep: (s) => steps.push(s),
    });
    const stats = await createDuckDbStats(store);
    // Six one-event visits, a minute apart, and one still open at the seal (its last event is
    // newer than the cutoff, minute 100 - 35). A step ends just past its second event, and the
    // last one, with no more than two events left, at the cutoff.
    await store.insert([0, 1, 2, 3, 4, 5].map((m) => ev(m, `s${m}`)));
    await store.insert([ev(80, 'open')]);
    await store.seal(new Date(DAY0 + 100 * 60_000));
    expect(steps.map((s) => [s.step, s.sealedBefore.getTime() - DAY0, s.last])).toEqual([
      [1, 60_000, false],
      [2, 3 * 60_000, false],
      [3, 65 * 60_000, true],
    ]);
    expect(await sealedCount(store)).toBe(6);
    expect(await stats.summary(q)).toMatchObject({ visits: 7, pageviews: 7, bounces: 7 });
    steps.length = 0;
    await store.seal(new Date(DAY0 + 100 * 60_000));
    expect(steps).toEqual([]);
    await stats.close();
    await store.close();
  });

  it('after a seal fails part-way, the store goes on from what was committed', async () => {
    let failAfter = 1;
    const store = await openDuckDbEventStore(':memory:', undefined, {
      now: () => 0,
      sealEveryMs: 0,
      sealChunkEvents: 2,
      onSealStep: ({ step }) => {
        if (step === failAfter) throw new Error('stopped after a committed step');
      },
    });
    const stats = await createDuckDbStats(store);
    await store.insert([0, 1, 2, 3, 4, 5].map((m) => ev(m, `s${m}`)));
    await expect(store.seal(new Date(DAY0 + 100 * 60_000))).rejects.toThrow(/committed step/);
    expect(await sealedCount(store)).toBe(2);
    // A late event of a session the committed step sealed must unseal it, or it is never counted.
    await store.insert([ev(6, 's0')]);
    failAfter = 0;
    await store.seal(new Date(DAY0 + 100 * 60_000));
    expect(await stats.summary(q)).toMatchObject({ visits: 6, pageviews: 7, bounces: 5 });
    await stats.close();
    await store.close();
  });

  it('seals on insert at most every sealEveryMs, by the injected clock', async () => {
    let now = DAY0 + 60 * 60_000;
    const store = await openDuckDbEventStore(':memory:', undefined, { now: () => now, sealEveryMs: 60_000 });
    await store.insert([ev(0, 'a')]);
    expect(await sealedCount(store)).toBe(0);
    now += 60_000;
    await store.insert([ev(58, 'b')]);
    expect(await sealedCount(store)).toBe(1);
    await store.close();
  });
});
