import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, fulfilDeps, seedRequest, T0 } from '../requests/fulfil.fixtures.ts';
import { buildAndStoreExport } from '../requests/fulfil.ts';
import { openDuckDbEventStore } from '../store/duckdb/events.ts';
import { sampleEvent } from '../store/events.fixtures.ts';
import { createMemoryEventStore } from '../store/memory/events.ts';
import type { RecordStore } from '../store/records.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { enforceRetention, type RetentionCounts } from './enforce.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'candor-retention-'));
  dirs.push(dir);
  return dir;
}

const IDLE_MS = 15 * 60_000;
const NOTHING: RetentionCounts = {
  consent_records: 0,
  consent_notices: 0,
  login_log: 0,
  audit_log: 0,
  sessions: 0,
  outbox: 0,
  privacy_requests_unverified: 0,
  privacy_requests_minimised: 0,
  privacy_request_exports: 0,
  mail_queue: 0,
  events: 0,
  visits: 0,
  visit_pages: 0,
  dropped_events: 0,
};

describe('enforceRetention: privacy requests and mail', () => {
  it('deletes stale unverified requests, minimises old closed ones, drops expired exports and old mail', async () => {
    const env = fulfilDeps();
    const { records, deps } = env;
    const retention = deps.config.retention;
    const run = () =>
      enforceRetention(
        { retention, records, events: createMemoryEventStore(), sessionIdleMs: IDLE_MS },
        new Date(deps.now()),
      );
    await seedRequest(deps, { email: 'never.confirmed@example.com', unverified: true });
    const closed = await seedRequest(deps, { type: 'object' });
    await records.requests.transition(closed.id, { to: 'completed', at: T0, actor: 'u1' });
    const access = await seedRequest(deps);
    await buildAndStoreExport(deps, access, []);
    const [sent = 0, dead = 0] = await records.mailQueue.enqueue(
      ['x@example.com', 'y@example.com'].map((to) => ({ to, subject: 's', text: 't', html: 'h' })),
      T0,
    );
    await records.mailQueue.sent(sent, T0);
    await records.mailQueue.failed(dead, { error: 'EAUTH', at: T0, retryAt: null });

    env.advance(6 * DAY_MS);
    expect(await run()).toEqual(NOTHING);
    env.advance(2 * DAY_MS);
    expect(await run()).toMatchObject({ privacy_requests_unverified: 1, privacy_request_exports: 1 });
    env.advance(30 * DAY_MS);
    expect(await run()).toMatchObject({ mail_queue: 2, privacy_requests_minimised: 0 });
    expect(await records.mailQueue.byId(dead)).toBeUndefined();
    env.setNow(new Date(T0.getTime() + retention.completedRequestsDays * DAY_MS + 1));
    expect(await run()).toMatchObject({ privacy_requests_minimised: 1 });
    expect(await records.requests.byId(closed.id)).toMatchObject({ email: null, reference: closed.reference });
    expect(await run()).toEqual(NOTHING);
  });
});

describe('enforceRetention: SQLite logs and consent records', () => {
  async function seeded() {
    const records = openSqliteRecordStore(join(await tempDir(), 'candor.sqlite'));
    await records.consent.append({
      consentId: 'c-1',
      action: 'accept_all',
      granted: ['analytics'],
      denied: [],
      revision: '2026-01-01',
      configHash: 'h',
      locale: 'en',
      gpc: false,
      path: '/',
    });
    await records.audit.append({ actor: 'system', action: 'test', target: 'x' });
    await records.loginLog.append({
      at: new Date(),
      userId: null,
      event: 'login',
      success: false,
      reason: 'unknown_email',
    });
    return records;
  }
  const config = fulfilDeps().deps.config;
  const run = (records: RecordStore, daysAhead: number) =>
    enforceRetention(
      { retention: config.retention, records, events: createMemoryEventStore(), sessionIdleMs: IDLE_MS },
      new Date(Date.now() + daysAhead * DAY_MS),
    );

  it.each([
    ['consent_records', config.retention.consentRecordsDays],
    ['login_log', config.retention.loginLogDays],
    ['audit_log', config.retention.auditLogDays],
  ] as const)('deletes %s rows once they are %i days old, not a day before', async (table, days) => {
    const records = await seeded();
    try {
      expect((await run(records, days - 1))[table]).toBe(0);
      expect((await run(records, days + 1))[table]).toBe(1);
      expect((await run(records, days + 1))[table]).toBe(0);
    } finally {
      await records.close();
    }
  });

  it('leaves the history of a consent id readable until its records expire', async () => {
    const records = await seeded();
    try {
      await run(records, config.retention.consentRecordsDays - 1);
      expect(await records.consent.history('c-1')).toHaveLength(1);
      await run(records, config.retention.consentRecordsDays + 1);
      expect(await records.consent.history('c-1')).toEqual([]);
    } finally {
      await records.close();
    }
  });
});

describe('enforceRetention: analytics in DuckDB', () => {
  const DAY0 = Date.parse('2024-01-10T00:00:00Z');
  const event = (session: string, at: number, path = '/') =>
    sampleEvent({ sessionId: session, time: new Date(at), path, source: '', referrerHost: '' });

  it('removes whole visits that began before the cut-off, events and dropped counts, and nothing newer', async () => {
    const file = join(await tempDir(), 'events.duckdb');
    const store = await openDuckDbEventStore(file, undefined, { sealEveryMs: 0 });
    try {
      const cutoff = DAY0 + DAY_MS;
      await store.insert([
        event('old', DAY0),
        event('old', DAY0 + 60_000, '/pricing'),
        // Straddles the cut-off: it began before it, so it goes whole.
        event('straddle', cutoff - 60_000),
        event('straddle', cutoff + 60_000, '/features'),
        event('new', cutoff + 3_600_000),
        event('new', cutoff + 3_660_000, '/pricing'),
      ]);
      await store.addDropped([
        { day: '2024-01-10', site: 'demo', reason: 'bot', count: 3 },
        { day: '2024-01-11', site: 'demo', reason: 'bot', count: 4 },
      ]);
      await store.seal(new Date(cutoff + 10 * DAY_MS));

      const removed = await store.deleteBefore(new Date(cutoff));
      expect(removed).toEqual({ events: 4, visits: 2, visitPages: 4, droppedCounts: 1 });
      expect(await store.count()).toBe(2);
      const conn = await store.connect();
      try {
        const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjects();
        expect(await rows('SELECT DISTINCT session_id FROM events')).toEqual([{ session_id: 'new' }]);
        expect(await rows('SELECT session_id, pv FROM visits')).toEqual([{ session_id: 'new', pv: 2 }]);
        expect(await rows('SELECT count(*)::INTEGER AS n FROM visit_pages')).toEqual([{ n: 2 }]);
        expect(await rows('SELECT day::VARCHAR AS day FROM dropped_events')).toEqual([{ day: '2024-01-11' }]);
      } finally {
        conn.closeSync();
      }
      expect(await store.deleteBefore(new Date(cutoff))).toEqual({
        events: 0,
        visits: 0,
        visitPages: 0,
        droppedCounts: 0,
      });
    } finally {
      await store.close();
    }
  });

  it('reports analytics counts through the retention pass', async () => {
    const env = fulfilDeps();
    const events = createMemoryEventStore();
    await events.insert([event('a', DAY0), event('b', Date.now())]);
    const counts = await enforceRetention(
      { retention: env.deps.config.retention, records: env.records, events, sessionIdleMs: IDLE_MS },
      new Date(),
    );
    expect(counts.events).toBe(1);
    expect(events.rows.map((e) => e.sessionId)).toEqual(['b']);
  });
});

describe('enforceRetention: failures', () => {
  it('runs every other rule when one fails, then reports the failure', async () => {
    const env = fulfilDeps();
    const { records, deps } = env;
    await seedRequest(deps, { unverified: true });
    records.audit.deleteBefore = async () => {
      throw new Error('disk I/O error');
    };
    env.advance(8 * DAY_MS);
    await expect(
      enforceRetention(
        { retention: deps.config.retention, records, events: createMemoryEventStore(), sessionIdleMs: IDLE_MS },
        new Date(deps.now()),
      ),
    ).rejects.toThrow('disk I/O error');
    expect(await records.requests.count({ statuses: ['unverified'] })).toBe(0);
  });
});
