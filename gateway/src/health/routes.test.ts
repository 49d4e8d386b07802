import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../context.ts';
import { openDuckDbEventStore } from '../store/duckdb/events.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { type Pingable, READY_CACHE_MS, type ReadinessOptions, registerHealthRoutes } from './routes.ts';

/** A store whose ping is counted and can be made to fail or hang. */
function fakeStore() {
  const store = {
    pings: 0,
    state: 'up' as 'up' | 'down' | 'hung',
    ping() {
      store.pings++;
      if (store.state === 'down') return Promise.reject(new Error('SQLITE_IOERR'));
      if (store.state === 'hung') return new Promise<void>(() => undefined);
      return Promise.resolve();
    },
  };
  return store;
}

function healthApp(records: Pingable, events: Pingable, options: ReadinessOptions = {}) {
  const app = new Hono<AppEnv>();
  registerHealthRoutes(app, { records, events }, options);
  return app;
}

describe('/readyz is cached for a second', () => {
  it('answers a flood within the second with one ping of each store', async () => {
    const records = fakeStore();
    const events = fakeStore();
    const app = healthApp(records, events, { now: () => 5_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => app.request('/readyz')));
    for (let i = 0; i < 50; i++) answers.push(await app.request('/readyz'));
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(await answers[0]?.json()).toEqual({ status: 'ready', checks: { records: 'ok', events: 'ok' } });
    expect([records.pings, events.pings]).toEqual([1, 1]);
  });

  it('checks again after a second, and reports a store that went down', async () => {
    const records = fakeStore();
    const events = fakeStore();
    let clock = 0;
    const app = healthApp(records, events, { now: () => clock });
    expect((await app.request('/readyz')).status).toBe(200);
    records.state = 'down';
    clock = READY_CACHE_MS - 1;
    expect((await app.request('/readyz')).status).toBe(200);
    clock = READY_CACHE_MS;
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).detail).toBe('Not ready: records: unavailable');
    expect([records.pings, events.pings]).toEqual([2, 2]);
  });

  it('reports a hung store as timed out, without stacking pings on it', async () => {
    const records = fakeStore();
    const events = fakeStore();
    events.state = 'hung';
    let clock = 0;
    const app = healthApp(records, events, { now: () => clock, timeoutMs: 20 });
    for (let i = 0; i < 3; i++) {
      const res = await app.request('/readyz');
      expect(res.status).toBe(503);
      expect((await res.json()).detail).toBe('Not ready: events: timed out');
      clock += READY_CACHE_MS;
    }
    expect([records.pings, events.pings]).toEqual([3, 1]);
  });
});

describe('/readyz on the real stores', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-readyz-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** Every store file's size and hash (the SQLite -shm index is shared memory, not data). */
  async function files() {
    const names = (await readdir(dir)).filter((n) => !n.endsWith('-shm')).sort();
    return Promise.all(
      names.map(async (n) => [
        n,
        createHash('sha256')
          .update(await readFile(join(dir, n)))
          .digest('hex'),
      ]),
    );
  }

  it('changes no row and no file, and reports a closed store', async () => {
    const records = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    const events = await openDuckDbEventStore(join(dir, 'events.duckdb'));
    const app = healthApp(records, events, { cacheMs: 0 });
    const before = await files();
    for (let i = 0; i < 20; i++) expect((await app.request('/readyz')).status).toBe(200);
    expect(await files()).toEqual(before);

    await records.close();
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toBe('Not ready: records: unavailable');
    await events.close();
    expect((await (await app.request('/readyz')).json()).detail).toBe(
      'Not ready: records: unavailable; events: unavailable',
    );
  });
});
