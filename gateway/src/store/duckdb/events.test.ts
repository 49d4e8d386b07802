import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../events.fixtures.ts';
import { SchemaTooNewError } from '../migrate.ts';
import { type DuckDbEventStore, openDuckDbEventStore } from './events.ts';
import { eventMigrations } from './migrations.ts';

async function query(file: string, sql: string) {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson();
  conn.closeSync();
  instance.closeSync();
  return rows;
}

describe('DuckDB EventStore on a real file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-duckdb-'));
    file = join(dir, 'events.duckdb');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores a batch and keeps it across a reopen', async () => {
    const store = await openDuckDbEventStore(file);
    await store.insert([
      sampleEvent(),
      sampleEvent({ name: 'Signup', path: '/', props: { plan: 'pro' }, engagedMs: 4200 }),
    ]);
    expect(await store.count()).toBe(2);
    await store.close();
    const reopened = await openDuckDbEventStore(file);
    expect(await reopened.count()).toBe(2);
    await reopened.close();
    const rows = await query(file, "SELECT epoch_ms(time) AS ms, props, engaged_ms FROM events WHERE name = 'Signup'");
    expect(rows).toEqual([
      { ms: String(Date.parse('2026-11-20T09:30:00.123Z')), props: '{"plan":"pro"}', engaged_ms: 4200 },
    ]);
  });

  it('has exactly the columns the privacy rules allow', async () => {
    await (await openDuckDbEventStore(file)).close();
    const cols = (
      await query(file, "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'")
    ).map((r) => r.column_name);
    expect(cols.sort()).toEqual(
      [
        'time',
        'site',
        'name',
        'path',
        'source',
        'referrer_host',
        'utm_source',
        'utm_medium',
        'utm_campaign',
        'utm_term',
        'utm_content',
        'country',
        'browser',
        'browser_version',
        'os',
        'device',
        'session_id',
        'first_of_day',
        'engaged_ms',
        'props',
      ].sort(),
    );
  });

  it('stores a batch whole or not at all', async () => {
    const store = await openDuckDbEventStore(file);
    await store.insert([sampleEvent()]);
    const overflow = sampleEvent({ engagedMs: 2 ** 40 }); // does not fit INTEGER
    await expect(store.insert([sampleEvent(), sampleEvent(), overflow])).rejects.toThrow();
    expect(await store.count()).toBe(1);
    await store.insert([sampleEvent()]); // the connection is usable after the failure
    expect(await store.count()).toBe(2);
    await store.close();
  });

  it('applies migrations once; a second open is a no-op', async () => {
    await (await openDuckDbEventStore(file)).close();
    const before = await query(file, 'SELECT id, name, applied_at FROM schema_migrations ORDER BY id');
    expect(before).toHaveLength(eventMigrations.length);
    await (await openDuckDbEventStore(file)).close();
    expect(await query(file, 'SELECT id, name, applied_at FROM schema_migrations ORDER BY id')).toEqual(before);
  });

  it('refuses a database written by a newer Candor', async () => {
    await (await openDuckDbEventStore(file)).close();
    await query(file, "INSERT INTO schema_migrations VALUES (42, 'future', now())");
    await expect(openDuckDbEventStore(file)).rejects.toThrow(SchemaTooNewError);
  });

  it('connect() opens a reader on the same database that sees stored batches', async () => {
    const store = await openDuckDbEventStore(file);
    const reader = await store.connect();
    await store.insert([sampleEvent(), sampleEvent()]);
    const rows = (await reader.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events')).getRowObjects();
    expect(rows).toEqual([{ n: 2 }]);
    reader.closeSync();
    await store.close();
    await expect(store.connect()).rejects.toThrow(/closed/);
  });

  it('applies the memory limit and threads the opener asks for', async () => {
    const settings = async (options?: Parameters<typeof openDuckDbEventStore>[2]) => {
      const store = await openDuckDbEventStore(file, undefined, options);
      const conn = await store.connect();
      const sql = "SELECT current_setting('memory_limit') AS memory, current_setting('threads')::INTEGER AS threads";
      const [row] = (await conn.runAndReadAll(sql)).getRowObjects();
      conn.closeSync();
      await store.close();
      return row;
    };
    // DuckDB shows the limit in MiB: 64 MB = 61.0 MiB.
    expect(await settings({ memoryLimit: '64MB', threads: 1 })).toEqual({ memory: '61.0 MiB', threads: 1 });
    expect((await settings())?.memory).not.toBe('61.0 MiB');
  });

  it("memory() reports DuckDB's own accounting, which appends not yet checkpointed raise", async () => {
    const store = await openDuckDbEventStore(file);
    const total = async () => (await store.memory()).reduce((sum, m) => sum + m.bytes, 0);
    const before = await total();
    await store.insert(Array.from({ length: 5000 }, (_, i) => sampleEvent({ sessionId: `s${i}`, path: `/p/${i}` })));
    const after = await store.memory();
    expect(after.every((m) => m.tag.length > 0 && m.bytes > 0)).toBe(true);
    expect(after.reduce((sum, m) => sum + m.bytes, 0)).toBeGreaterThan(before);
    await store.close();
  });

  // Many one-event seal steps, each its own transaction: a read on the side connection must not
  // queue behind them, and it refuses once the store is closed.
  it.each([
    ['memory()', (store: DuckDbEventStore) => store.memory(), 60],
    ['ping', (store: DuckDbEventStore) => store.ping(), 20],
  ] as const)('%s answers while a long seal holds the store', async (_, read, events) => {
    let steps = 0;
    const store = await openDuckDbEventStore(file, undefined, {
      now: () => 0,
      sealEveryMs: 0,
      sealChunkEvents: 1,
      onSealStep: () => {
        steps++;
      },
    });
    const start = Date.parse('2026-11-01T00:00:00Z');
    await store.insert(
      Array.from({ length: events }, (_, i) => sampleEvent({ time: new Date(start + i * 1000), sessionId: `s${i}` })),
    );
    const sealing = store.seal(new Date('2026-11-02T00:00:00Z'));
    await read(store);
    const stepsWhenRead = steps;
    await sealing;
    expect(steps).toBe(events);
    expect(stepsWhenRead).toBeLessThan(events);
    await store.close();
    await expect(read(store)).rejects.toThrow('closed');
  });

  it('ping leaves no trace', async () => {
    const store = await openDuckDbEventStore(file);
    await store.ping();
    await store.ping();
    await store.close();
    expect(await query(file, 'SELECT count(*)::INTEGER AS n FROM readiness_probe')).toEqual([{ n: 0 }]);
  });
});
