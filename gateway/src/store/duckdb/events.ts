import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AnalyticsEvent, EventStore } from '../events.ts';
import { type Migration, pendingMigrations } from '../migrate.ts';
import { eventMigrations } from './migrations.ts';
import { deleteEventsBefore } from './retention.ts';
import { loadSealState, mayTouchSealed, type SealState, sealVisits, transaction, unsealFor } from './visits.ts';

export interface DuckDbEventStore extends EventStore {
  /**
   * Opens another connection on the same database, for readers such as the stats store (DuckDB
   * allows many connections in one process). Close it before closing the store.
   */
  connect(): Promise<DuckDBConnection>;
  /**
   * Moves the sessions finished before `now` minus 35 minutes into the `visits` table (see
   * `visits.ts`). Inserts already call it at most every `sealEveryMs`; reports are exact either way.
   */
  seal(now?: Date): Promise<void>;
}

export interface DuckDbEventStoreOptions {
  /** The clock the seal reads (epoch ms). */
  now?: () => number;
  /** How often an insert also seals finished visits; 0 turns that off. Default one minute. */
  sealEveryMs?: number;
}

/**
 * Opens (creating if needed) the DuckDB EventStore at `file` (or in memory for ':memory:') and
 * applies pending migrations. A batch is one INSERT statement, so it is stored whole or not at all.
 */
export async function openDuckDbEventStore(
  file: string,
  migrations: readonly Migration[] = eventMigrations,
  options: DuckDbEventStoreOptions = {},
): Promise<DuckDbEventStore> {
  const now = options.now ?? Date.now;
  const sealEveryMs = options.sealEveryMs ?? 60_000;
  const instance = await DuckDBInstance.create(file, process.env.CANDOR_DIAG_DUCK ? JSON.parse(process.env.CANDOR_DIAG_DUCK) : undefined);
  const conn = await instance.connect();
  // Undefined only under an old migration list (tests of the migrations themselves).
  let sealed: SealState | undefined;
  let sealedAt = 0;
  try {
    await migrate(conn, migrations);
    // Builds the visits of existing events after the migration that adds the table, and seals
    // what finished while the gateway was down.
    sealed = await loadSealState(conn);
    if (sealed) sealed = await sealVisits(conn, new Date(now()));
    sealedAt = now();
  } catch (error) {
    conn.closeSync();
    instance.closeSync();
    throw error;
  }
  // One connection, used by one batch at a time: DuckDB transactions are per connection.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  let closed = false;
  // TEMP-DIAG
  if (process.env.CANDOR_DIAG) {
    const dconn = await instance.connect();
    const t0 = Date.now();
    setInterval(async () => {
      const m = process.memoryUsage();
      const r = (
        await dconn.runAndReadAll(
          'SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0',
        )
      ).getRowObjects();
      const s = (
        await dconn.runAndReadAll("SELECT current_setting('memory_limit') AS ml, current_setting('threads') AS th")
      ).getRowObjects();
      const sz = (await dconn.runAndReadAll('PRAGMA database_size')).getRowObjects();
      const mb = (n: number | bigint) => Math.round(Number(n) / 1048576);
      const v8 = await import('node:v8');
      const sp = v8
        .getHeapSpaceStatistics()
        .map((x) => `${x.space_name.replace('_space', '')}:${mb(x.space_size)}/${mb(x.space_used_size)}`)
        .join(' ');
      process.stderr.write(`SPACES ${sp}\n`);
      const fs = await import('node:fs');
      const sm = fs.readFileSync('/proc/self/smaps', 'utf8').split('\n');
      const cat: Record<string, number> = {};
      let name = '';
      let size = 0;
      for (const line of sm) {
        const h = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
        if (h) { size = (parseInt(h[2]!, 16) - parseInt(h[1]!, 16)); name = h[3] || (size >= 64 * 1048576 && size % (64*1048576) === 0 ? 'anon64M' : size >= 1048576 ? 'anon>=1M' : 'anon<1M'); if (name.startsWith('/')) name = name.split('/').pop()!; continue; }
        const r = /^Rss:\s+(\d+) kB/.exec(line);
        if (r) cat[name] = (cat[name] ?? 0) + Number(r[1]) / 1024;
      }
      process.stderr.write(`SMAPS ${Object.entries(cat).filter(([, v]) => v >= 2).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}:${Math.round(v)}`).join(' ')}\n`);
      process.stderr.write(
        `DIAG t=${Math.round((Date.now() - t0) / 1000)} rss=${mb(m.rss)} heapTotal=${mb(m.heapTotal)} heapUsed=${mb(m.heapUsed)} ext=${mb(m.external)} ab=${mb(m.arrayBuffers)} duck=${r.map((x) => `${x.tag}:${mb(x.memory_usage_bytes as bigint)}`).join(',')} ${JSON.stringify(s[0], (_k, v) => (typeof v === 'bigint' ? String(v) : v))} dbsize=${JSON.stringify(sz[0], (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\n`,
      );
    }, 10_000).unref();
  }

  return {
    connect() {
      if (closed) return Promise.reject(new Error('EventStore is closed'));
      return instance.connect();
    },
    insert(events) {
      if (events.length === 0) return Promise.resolve();
      return serial(async () => {
        const minUs = BigInt(events.reduce((m, e) => Math.min(m, e.time.getTime()), Number.POSITIVE_INFINITY)) * 1000n;
        const state = sealed;
        if (state && mayTouchSealed(state, minUs)) {
          sealed = await transaction(conn, async () => {
            await appendBatch(conn, events);
            return unsealFor(
              conn,
              state,
              minUs,
              events.map((e) => e.sessionId),
            );
          });
        } else {
          await appendBatch(conn, events);
        }
        if (sealed && sealEveryMs > 0 && now() - sealedAt >= sealEveryMs) {
          sealedAt = now();
          // The batch is stored: a failed seal must not fail it (a retry would store it twice).
          // Reports stay exact; the next insert tries again.
          sealed = await sealVisits(conn, new Date(sealedAt)).catch(() => sealed);
        }
      });
    },
    seal(at) {
      return serial(async () => {
        if (!sealed) return;
        sealedAt = now();
        sealed = await sealVisits(conn, at ?? new Date(sealedAt));
      });
    },
    deleteBefore(before) {
      return serial(() => deleteEventsBefore(conn, before));
    },
    count() {
      return serial(async () => {
        const reader = await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events');
        return Number(reader.getRowObjects()[0]?.n ?? 0);
      });
    },
    addDropped(counts) {
      if (counts.length === 0) return Promise.resolve();
      return serial(async () => {
        await conn.run('BEGIN TRANSACTION');
        try {
          for (const c of counts) {
            await conn.run(
              `INSERT INTO dropped_events VALUES ($1::DATE, $2, $3, $4)
               ON CONFLICT (day, site, reason) DO UPDATE SET count = count + excluded.count`,
              [c.day, c.site, c.reason, c.count],
            );
          }
          await conn.run('COMMIT');
        } catch (error) {
          await conn.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    ping() {
      return serial(async () => {
        // A write that is rolled back proves the store accepts writers without changing it.
        await conn.run('BEGIN TRANSACTION');
        try {
          await conn.run('INSERT INTO readiness_probe VALUES (1, now())');
        } finally {
          await conn.run('ROLLBACK');
        }
      });
    },
    close() {
      return serial(async () => {
        if (closed) return;
        closed = true;
        await conn.run('CHECKPOINT');
        conn.closeSync();
        instance.closeSync();
      });
    },
  };
}

/** The JSON shape of one row, for DuckDB's from_json; `time` in epoch microseconds. */
const ROW_TYPE = JSON.stringify({
  time: 'BIGINT',
  site: 'VARCHAR',
  name: 'VARCHAR',
  path: 'VARCHAR',
  source: 'VARCHAR',
  referrer_host: 'VARCHAR',
  utm_source: 'VARCHAR',
  utm_medium: 'VARCHAR',
  utm_campaign: 'VARCHAR',
  utm_term: 'VARCHAR',
  utm_content: 'VARCHAR',
  country: 'VARCHAR',
  browser: 'VARCHAR',
  browser_version: 'VARCHAR',
  os: 'VARCHAR',
  device: 'VARCHAR',
  session_id: 'VARCHAR',
  first_of_day: 'BOOLEAN',
  engaged_ms: 'INTEGER',
  props: 'VARCHAR',
});

/**
 * One INSERT of the whole batch as a JSON array. The appender costs ~12 µs of main-thread time
 * per row (20 native calls); serialising is ~1 µs, and DuckDB parses on its own threads, off the
 * event loop that serves /api/event. One statement is atomic: the batch is stored whole or not.
 */
const INSERT_BATCH = `INSERT INTO events
  SELECT make_timestamptz(e.time), e.site, e.name, e.path, e.source, e.referrer_host, e.utm_source,
         e.utm_medium, e.utm_campaign, e.utm_term, e.utm_content, e.country, e.browser,
         e.browser_version, e.os, e.device, e.session_id, e.first_of_day, e.engaged_ms, e.props
  FROM (SELECT unnest(from_json($1::JSON, '[${ROW_TYPE}]')) AS e)`;

async function appendBatch(conn: DuckDBConnection, events: readonly AnalyticsEvent[]): Promise<void> {
  const rows = events.map((e) => ({
    time: e.time.getTime() * 1000,
    site: e.site,
    name: e.name,
    path: e.path,
    source: e.source,
    referrer_host: e.referrerHost,
    utm_source: e.utmSource,
    utm_medium: e.utmMedium,
    utm_campaign: e.utmCampaign,
    utm_term: e.utmTerm,
    utm_content: e.utmContent,
    country: e.country,
    browser: e.browser,
    browser_version: e.browserVersion,
    os: e.os,
    device: e.device,
    session_id: e.sessionId,
    first_of_day: e.firstOfDay,
    engaged_ms: e.engagedMs,
    props: JSON.stringify(e.props),
  }));
  await conn.run(INSERT_BATCH, [JSON.stringify(rows)]);
}

async function migrate(conn: DuckDBConnection, migrations: readonly Migration[]): Promise<number> {
  await conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
  const reader = await conn.runAndReadAll('SELECT id FROM schema_migrations');
  const applied = reader.getRowObjects().map((row) => Number(row.id));
  const pending = pendingMigrations(migrations, applied, 'EventStore (DuckDB)');
  for (const m of pending) {
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.sql);
      await conn.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.id, m.name]);
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw new Error(`EventStore migration ${m.id} (${m.name}) failed: ${(error as Error).message}`);
    }
  }
  return pending.length;
}
