import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayRange } from '../../reports/params.ts';
import type { Breakdown, ReportQuery } from '../../reports/port.ts';
import { testApp } from '../../testing.ts';
import { sampleEvent } from '../events.fixtures.ts';
import type { AnalyticsEvent } from '../events.ts';
import { type DuckDbEventStore, openDuckDbEventStore } from './events.ts';
import { eventMigrations } from './migrations.ts';
import { createDuckDbStats } from './reports.ts';

// Paths used to keep their utm_* parameters. Migration 4 strips them from every stored path; the
// result must be what today's ingest and seal would have stored from the start.

const UTM_MIGRATION = eventMigrations.findIndex((m) => m.name === 'paths without utm_* parameters') + 1;
const BEFORE_UTM = eventMigrations.slice(0, UTM_MIGRATION - 1);
const DAY = '2026-11-20';
const at = (minute: number) => new Date(Date.parse(`${DAY}T09:00:00Z`) + minute * 60_000);
const pricingGoal = (q: Omit<ReportQuery, 'goal'>): ReportQuery => ({
  ...q,
  goal: { kind: 'page', path: '/pricing' },
});
const oneDay = (): ReportQuery => ({ ...dayRange('demo', DAY, DAY, 'UTC'), filters: [] });

/** Stored paths as the old ingest wrote them (kept parameters sorted), and as they must become. */
const OLD_PATHS: [string, string][] = [
  ['/pricing?utm_source=x', '/pricing'],
  ['/pricing?utm_campaign=nov&utm_source=newsletter', '/pricing'],
  ['/pricing', '/pricing'],
  ['/?utm_content=hero&utm_medium=email&utm_source=news&utm_term=t', '/'],
  ['/features?plan=pro&utm_source=x', '/features?plan=pro'],
  ['/features?a=1&plan=pro&utm_campaign=y&z=2', '/features?a=1&plan=pro&z=2'],
  ['/blog?tag=b&tag=a&utm_source=x', '/blog?tag=b&tag=a'],
  ['/a&utm_x/b', '/a&utm_x/b'],
  ['/features?plan=pro', '/features?plan=pro'],
];
const NEW_PATH = new Map(OLD_PATHS);

/** Visits over the old paths: pageviews, engagement (some on a page's other spelling) and a goal-less custom event. */
function oldEvents(): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  for (let s = 0; s < 30; s++) {
    const sessionId = `s${s}`;
    const steps = 1 + (s % 4);
    for (let k = 0; k < steps; k++) {
      const [path] = OLD_PATHS[(s * 3 + k) % OLD_PATHS.length] ?? ['/'];
      const time = at(s * 20 + k * 2);
      events.push(sampleEvent({ time, sessionId, path, firstOfDay: k === 0, utmSource: k === 0 ? 'x' : '' }));
      // The page stripped its utm_* with history.replaceState: engagement under the other spelling.
      const other = s % 5 === 0 ? (NEW_PATH.get(path) ?? path) : path;
      const engagement = { time: new Date(time.getTime() + 30_000), sessionId, path: other, firstOfDay: false };
      events.push(sampleEvent({ ...engagement, name: 'engagement', engagedMs: 1_000 * (k + 1) }));
    }
    if (s % 7 === 0) events.push(sampleEvent({ time: at(s * 20 + 9), sessionId, name: 'Signup', firstOfDay: false }));
  }
  return events;
}
const strip = (e: AnalyticsEvent): AnalyticsEvent => ({ ...e, path: NEW_PATH.get(e.path) ?? e.path });

async function rows(conn: DuckDBConnection, sql: string) {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson();
}
const TABLES = {
  events: 'SELECT * EXCLUDE (time), epoch_us(time) AS t FROM events ORDER BY t, session_id, name, path',
  visits: 'SELECT * FROM visits ORDER BY session_id',
  visit_pages: 'SELECT * FROM visit_pages ORDER BY first, path',
  visits_sealed: 'SELECT * FROM visits_sealed',
};
async function dump(store: DuckDbEventStore) {
  const conn = await store.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(TABLES)) out[name] = await rows(conn, sql);
    return out;
  } finally {
    conn.closeSync();
  }
}

/** Sealing halfway through the day: some visits are in `visits`, the rest only in `events`. */
const HALFWAY = new Date(at(300).getTime() + 35 * 60_000);
const open = (file: string, migrations = eventMigrations) =>
  openDuckDbEventStore(file, migrations, { now: () => 0, sealEveryMs: 0 });

describe('paths without utm_* parameters', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-utm-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('a page goal /pricing counts a visit that saw only /pricing?utm_…', async () => {
    const { app, deps, events } = testApp();
    const beacon = (u: string, ua: string) => ({
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': ua },
      body: JSON.stringify({ n: 'pageview', u }),
    });
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    await app.request('/api/event', beacon('http://localhost/pricing?utm_source=newsletter&utm_campaign=nov', firefox));
    await app.request('/api/event', beacon('http://localhost/pricing', chrome));
    await deps.analytics.buffer.flush();
    expect(events.rows).toHaveLength(2);

    const store = await openDuckDbEventStore(':memory:');
    const stats = await createDuckDbStats(store);
    try {
      await store.insert(events.rows);
      const day = (events.rows[0]?.time ?? new Date()).toISOString().slice(0, 10);
      const q = { ...dayRange(events.rows[0]?.site ?? 'demo', day, day, 'UTC'), filters: [] };
      expect((await stats.summary(pricingGoal(q))).conversions).toBe(2);
      const pages = await stats.breakdown({ ...q, breakdown: { kind: 'page' }, limit: 10, offset: 0 });
      expect(pages.map((r) => [r.value, r.visitors])).toEqual([['/pricing', 2]]);
    } finally {
      await stats.close();
      await store.close();
    }
  });

  it('the migration rewrites stored paths of events and visits, as if they had been stored without utm_*', async () => {
    const file = join(dir, 'events.duckdb');
    const old = await open(file, BEFORE_UTM);
    await old.insert(oldEvents());
    await old.seal(HALFWAY);
    const before = await dump(old);
    await old.close();
    expect((before.visits ?? []).length).toBeGreaterThan(10);
    expect(JSON.stringify(before).match(/\?[^"]*utm_/g)?.length).toBeGreaterThan(10);

    const migrated = await open(file);
    const after = await dump(migrated);
    // The oracle: the same events stored without utm_* from the start, sealed at the same point.
    const fresh = await open(':memory:');
    await fresh.insert(oldEvents().map(strip));
    await fresh.seal(HALFWAY);
    expect(after).toEqual(await dump(fresh));
    // No stored path keeps a utm_* parameter (a pathname may still spell "&utm_").
    expect(JSON.stringify(after).match(/\?[^"]*utm_/g)).toBeNull();
    expect(new Set((after.events ?? []).map((e) => (e as { path: string }).path))).toEqual(
      new Set([...NEW_PATH.values()]),
    );

    // And every report agrees, over sealed and unsealed visits alike.
    const [a, b] = [await createDuckDbStats(migrated), await createDuckDbStats(fresh)];
    try {
      const q = oneDay();
      expect(await a.summary(pricingGoal(q))).toEqual(await b.summary(pricingGoal(q)));
      for (const breakdown of [{ kind: 'page' }, { kind: 'session', dimension: 'entry_page' }] as Breakdown[]) {
        const bq = { ...q, breakdown, limit: 50, offset: 0 };
        expect(await a.breakdown(bq)).toEqual(await b.breakdown(bq));
      }
    } finally {
      await a.close();
      await b.close();
      await migrated.close();
      await fresh.close();
    }
  });

  it('after the migration, a page goal /pricing counts the visits that saw only /pricing?utm_…', async () => {
    const file = join(dir, 'events.duckdb');
    const old = await open(file, BEFORE_UTM);
    await old.insert([
      sampleEvent({ time: at(0), sessionId: 'sealed', path: '/pricing?utm_source=x' }),
      sampleEvent({ time: at(600), sessionId: 'open', path: '/pricing?utm_campaign=nov&utm_source=y' }),
      sampleEvent({ time: at(601), sessionId: 'other', path: '/features?utm_source=x' }),
    ]);
    await old.seal(new Date(at(100).getTime()));
    await old.close();
    const migrated = await open(file);
    const stats = await createDuckDbStats(migrated);
    try {
      expect((await stats.summary(pricingGoal(oneDay()))).conversions).toBe(2);
    } finally {
      await stats.close();
      await migrated.close();
    }
  });

  it('the migration merges the page lists of a sealed visit whose events are gone', async () => {
    const file = join(dir, 'events.duckdb');
    const old = await open(file, BEFORE_UTM);
    await old.insert([
      sampleEvent({ time: at(0), sessionId: 'v', path: '/pricing?utm_source=x' }),
      sampleEvent({ time: at(1), sessionId: 'v', path: '/pricing', firstOfDay: false }),
      sampleEvent({ time: at(2), sessionId: 'v', path: '/?utm_source=x', firstOfDay: false }),
    ]);
    await old.seal(new Date(at(100).getTime()));
    const conn = await old.connect();
    await conn.run('DELETE FROM events');
    conn.closeSync();
    await old.close();
    const migrated = await open(file);
    try {
      const { visits, visit_pages } = await dump(migrated);
      expect(visits).toEqual([
        expect.objectContaining({ entry_page: '/pricing', exit_page: '/', paths: ['/', '/pricing'], path_pv: [1, 2] }),
      ]);
      expect(visit_pages?.map((p) => [(p as { path: string }).path, (p as { n: number }).n])).toEqual([
        ['/', 1],
        ['/pricing', 2],
      ]);
    } finally {
      await migrated.close();
    }
  });
});
