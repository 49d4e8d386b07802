// Consistent copies of the two stores and what a manifest says about them. Node-only: used by
// `pnpm candor backup|restore` and, for the event store it holds, by the running gateway.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';

export const RECORDS_FILE = 'candor.sqlite';
export const EVENTS_FILE = 'events.duckdb';
/** Written by a running gateway (owner-only): where it listens and its per-start ops token. */
export const GATEWAY_FILE = 'gateway.json';

export interface StoreFacts {
  file: string;
  sha256: string;
  /** The highest migration applied. */
  schemaVersion: number;
  /** Rows per table. */
  tables: Record<string, number>;
}

/** SQLite's online backup API: a page-by-page copy that stays consistent while others write. */
export async function backupSqlite(source: string, target: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All remaining pages per step: one read snapshot, so writers cannot force a restart.
    await db.backup(target, { progress: () => 1_000_000_000 });
  } finally {
    db.close();
  }
  // The copy inherits WAL mode; a rollback journal keeps the backup one self-contained file.
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Copies the database `conn` is attached to into a new DuckDB file, in one transaction (a snapshot:
 * inserts on other connections carry on and are not included).
 */
export async function copyDuckDb(conn: DuckDBConnection, target: string): Promise<void> {
  const name = (await conn.runAndReadAll('SELECT current_database() AS d')).getRowObjects()[0]?.d;
  if (typeof name !== 'string') throw new Error('DuckDB has no current database');
  await conn.run(`ATTACH ${quote(target)} AS candor_snapshot`);
  try {
    await conn.run(`COPY FROM DATABASE "${name.replace(/"/g, '""')}" TO candor_snapshot`);
  } finally {
    await conn.run('DETACH candor_snapshot');
  }
}

/** The gateway side of a backup: snapshots the event store into the data dir; resolves with the file name. */
export async function snapshotEventsInto(connect: () => Promise<DuckDBConnection>, dataDir: string): Promise<string> {
  const name = `backup-${Date.now()}-${randomBytes(6).toString('hex')}.duckdb`;
  const conn = await connect();
  try {
    await copyDuckDb(conn, join(dataDir, name));
  } finally {
    conn.closeSync();
  }
  return name;
}

export class StoreLockedError extends Error {}

/**
 * Opens a DuckDB file (never creating it); a StoreLockedError when another process (a running
 * gateway) holds its lock: DuckDB lets only one process open a database file.
 */
export async function openDuckDb(file: string, readOnly = false): Promise<DuckDBInstance> {
  await access(file);
  try {
    return await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (error) {
    if (/Could not set lock/i.test((error as Error).message)) {
      throw new StoreLockedError(`${file} is in use by another process (is the gateway running?)`);
    }
    throw error;
  }
}

/** True when a running process holds the DuckDB file (false when it does not exist). */
export async function isLocked(file: string): Promise<boolean> {
  if (!(await exists(file))) return false;
  try {
    (await openDuckDb(file)).closeSync();
    return false;
  } catch (error) {
    if (error instanceof StoreLockedError) return true;
    throw error;
  }
}

export function describeSqlite(file: string): Omit<StoreFacts, 'sha256'> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const tables: Record<string, number> = {};
    for (const name of names) {
      tables[name] = Number(
        db
          .prepare(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`)
          .pluck()
          .get(),
      );
    }
    const version = Number(db.prepare('SELECT coalesce(max(id), 0) FROM schema_migrations').pluck().get());
    return { file: RECORDS_FILE, schemaVersion: version, tables };
  } finally {
    db.close();
  }
}

export async function describeDuckDb(file: string): Promise<Omit<StoreFacts, 'sha256'>> {
  const instance = await openDuckDb(file, true);
  const conn = await instance.connect();
  try {
    const read = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjects();
    const names = (
      await read(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY table_name`,
      )
    ).map((r) => String(r.table_name));
    const tables: Record<string, number> = {};
    for (const name of names) {
      const rows = await read(`SELECT count(*)::BIGINT AS n FROM "${name.replace(/"/g, '""')}"`);
      tables[name] = Number(rows[0]?.n ?? 0);
    }
    const version = Number((await read('SELECT coalesce(max(id), 0)::INTEGER AS v FROM schema_migrations'))[0]?.v ?? 0);
    return { file: EVENTS_FILE, schemaVersion: version, tables };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
