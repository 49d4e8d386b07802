import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AnalyticsEvent, EventStore } from '../events.ts';
import { type Migration, pendingMigrations } from '../migrate.ts';
import { eventMigrations } from './migrations.ts';
import { deleteEventsBefore } from './retention.ts';
import {
  loadSealState,
  mayTouchSealed,
  type SealState,
  type SealStep,
  sealVisits,
  transaction,
  unsealFor,
} from './visits.ts';

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
  /**
   * DuckDB's own memory accounting by tag (`duckdb_memory()`), in bytes; tags using none left out.
   * Read on a connection of its own: it answers while an insert or a seal holds the store's.
   */
  memory(): Promise<StoreMemory[]>;
}

export interface StoreMemory {
  /** DuckDB's tag, e.g. BASE_TABLE (cached table blocks) or HASH_TABLE (query state). */
  tag: string;
  bytes: number;
}

export interface DuckDbEventStoreOptions {
  /** The clock the seal reads (epoch ms). */
  now?: () => number;
  /** How often an insert also seals finished visits; 0 turns that off. Default one minute. */
  sealEveryMs?: number;
  /**
   * DuckDB's `memory_limit` (e.g. '1GB'): the most its buffer manager holds, i.e. cached blocks of
   * the tables, appends not yet checkpointed, and query state (a larger query spills to
   * `<file>.tmp` where it can). Default DuckDB's own, 80% of RAM; the gateway passes
   * `CANDOR_DUCKDB_MEMORY_LIMIT` (256MB unless set). DuckDB evicts no cached block below the limit,
   * so its share of the RSS grows with the `events` table until it reaches it. Sealing works in
   * steps (`SEAL_CHUNK_EVENTS`) so that a backlog of millions of events fits under 256 MB.
   */
  memoryLimit?: string;
  /** The most events one sealing step groups (`SEAL_CHUNK_EVENTS` by default); tests make it small. */
  sealChunkEvents?: number;
  /** Called after each committed sealing step: a backlog of millions of events takes a while. */
  onSealStep?: (step: SealStep) => void;
  /** DuckDB's worker threads; default DuckDB's own (one per core). */
  threads?: number;
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
  const settings: Record<string, string> = {};
  if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
  if (options.threads !== undefined) settings.threads = String(options.threads);
  const instance = await DuckDBInstance.create(file, settings);
  const conn = await instance.connect();
  // Undefined only under an old migration list (tests of the migrations themselves).
  let sealed: SealState | undefined;
  let sealedAt = 0;
  /** Seals; `sealed` stays what is committed even when a step fails part-way (steps commit alone). */
  const seal = async (at: Date): Promise<void> => {
    if (!sealed) return;
    try {
      sealed = await sealVisits(conn, at, { chunkEvents: options.sealChunkEvents, onStep: options.onSealStep });
    } catch (error) {
      sealed = (await loadSealState(conn).catch(() => undefined)) ?? sealed;
      throw error;
    }
  };
  try {
    await migrate(conn, migrations);
    // Builds the visits of existing events after the migration that adds the table, and seals
    // what finished while the gateway was down.
    sealed = await loadSealState(conn);
    await seal(new Date(now()));
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
  // memory() and ping() read on a connection of their own, so a /metrics scrape or a /readyz does
  // not wait behind a flush or a long seal; close() waits for a read in flight.
  let memoryConn: Promise<DuckDBConnection> | undefined;
  let memoryRead: Promise<unknown> = Promise.resolve();

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
          await seal(new Date(sealedAt)).catch(() => undefined);
        }
      });
    },
    seal(at) {
      return serial(async () => {
        sealedAt = now();
        await seal(at ?? new Date(sealedAt));
      });
    },
    memory() {
      if (closed) return Promise.reject(new Error('EventStore is closed'));
      memoryConn ??= instance.connect();
      const connection = memoryConn;
      const read = memoryRead.then(async () => {
        const reader = await (await connection).runAndReadAll(
          'SELECT tag, memory_usage_bytes::DOUBLE AS bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0 ORDER BY tag',
        );
        return reader.getRowObjects().map((row) => ({ tag: String(row.tag), bytes: Number(row.bytes) }));
      });
      memoryRead = read.catch(() => undefined);
      return read;
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
    deleteBefore(before) {
      return serial(() => deleteEventsBefore(conn, before));
    },
    ping() {
      // A read only: readiness writes nothing and does not queue behind the inserts.
      if (closed) return Promise.reject(new Error('EventStore is closed'));
      memoryConn ??= instance.connect();
      const connection = memoryConn;
      const read = memoryRead.then(async () => {
        await (await connection).run('SELECT 1 FROM schema_migrations LIMIT 1');
      });
      memoryRead = read.catch(() => undefined);
      return read;
    },
    close() {
      return serial(async () => {
        if (closed) return;
        closed = true;
        await memoryRead;
        await memoryConn?.then(
          (c) => c.closeSync(),
          () => undefined,
        );
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
