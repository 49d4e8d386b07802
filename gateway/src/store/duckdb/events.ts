import { type DuckDBConnection, DuckDBInstance, DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { AnalyticsEvent, EventStore } from '../events.ts';
import { type Migration, pendingMigrations } from '../migrate.ts';
import { eventMigrations } from './migrations.ts';

/**
 * Opens (creating if needed) the DuckDB EventStore at `file` (or in memory for ':memory:') and
 * applies pending migrations. Batches go through the appender inside a transaction, so a batch is
 * stored whole or not at all.
 */
export async function openDuckDbEventStore(
  file: string,
  migrations: readonly Migration[] = eventMigrations,
): Promise<EventStore> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    await migrate(conn, migrations);
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

  return {
    insert(events) {
      if (events.length === 0) return Promise.resolve();
      return serial(() => appendBatch(conn, events));
    },
    count() {
      return serial(async () => {
        const reader = await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events');
        return Number(reader.getRowObjects()[0]?.n ?? 0);
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

async function appendBatch(conn: DuckDBConnection, events: readonly AnalyticsEvent[]): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const appender = await conn.createAppender('events');
    for (const e of events) {
      appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(e.time.getTime()) * 1000n));
      appender.appendVarchar(e.site);
      appender.appendVarchar(e.name);
      appender.appendVarchar(e.path);
      appender.appendVarchar(e.source);
      appender.appendVarchar(e.referrerHost);
      appender.appendVarchar(e.utmSource);
      appender.appendVarchar(e.utmMedium);
      appender.appendVarchar(e.utmCampaign);
      appender.appendVarchar(e.utmTerm);
      appender.appendVarchar(e.utmContent);
      appender.appendVarchar(e.country);
      appender.appendVarchar(e.browser);
      appender.appendVarchar(e.browserVersion);
      appender.appendVarchar(e.os);
      appender.appendVarchar(e.device);
      appender.appendVarchar(e.sessionId);
      appender.appendBoolean(e.firstOfDay);
      appender.appendInteger(e.engagedMs);
      appender.appendVarchar(JSON.stringify(e.props));
      appender.endRow();
    }
    appender.closeSync();
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
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
