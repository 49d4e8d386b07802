import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';

/** One stored value: where it is, the row it belongs to (for rules like "only while pending"). */
export interface Cell {
  table: string;
  column: string;
  row: Record<string, unknown>;
  value: string | Buffer;
}

/** Every regular file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Folds the WAL into the main file (the gateway has stopped), so a byte scan of `candor.sqlite`
 * sees every page, and the table scan sees the same data. Closing the last connection removes the
 * `-wal` and `-shm` files.
 */
export function checkpointSqlite(file: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Every text or blob value of every table of a SQLite file. */
export function sqliteCells(file: string): Cell[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const cells: Cell[] = [];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string' || Buffer.isBuffer(value)) cells.push({ table, column, row, value });
        }
      }
    }
    return cells;
  } finally {
    db.close();
  }
}

/** Rows of one query against a SQLite file, read-only (the gateway may be running: WAL allows it). */
export function sqliteRows<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/**
 * Every VARCHAR (and VARCHAR[]) value of every table of a DuckDB file, read back through DuckDB:
 * its columns are compressed on disk, so a byte scan alone could miss a stored value.
 */
export async function duckdbCells(file: string): Promise<{ cells: Cell[]; tables: string[] }> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    const columns = (
      await conn.runAndReadAll(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE data_type LIKE 'VARCHAR%' ORDER BY table_name, ordinal_position`,
      )
    ).getRowObjectsJson() as { table_name: string; column_name: string }[];
    const tables = (
      await conn.runAndReadAll('SELECT table_name FROM information_schema.tables ORDER BY table_name')
    ).getRowObjectsJson() as { table_name: string }[];
    const cells: Cell[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const reader = await conn.runAndReadAll(`SELECT CAST("${column}" AS VARCHAR) AS v FROM "${table}"`);
      for (const { v } of reader.getRowObjectsJson() as { v: string | null }[]) {
        if (v !== null) cells.push({ table, column, row: {}, value: v });
      }
    }
    return { cells, tables: tables.map((t) => t.table_name) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Rows of one query against a DuckDB file, as JSON values. */
export async function duckdbRows<T>(file: string, sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** An `.eml` of the file transport: its `To:` address and its full text with base64 parts decoded. */
export async function readEml(file: string): Promise<{ to: string; text: string }> {
  const raw = await readFile(file, 'utf8');
  const to = /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
  const decoded = raw
    .split(/\r\n--candor-[^\r\n]+/)
    .map((part) => {
      const [, body = ''] = part.split('\r\n\r\n');
      return /Content-Transfer-Encoding: base64/i.test(part)
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : '';
    })
    .join('\n');
  return { to, text: `${raw}\n${decoded}` };
}

/** Links of one kind in every mail to `to`, oldest mail first. */
export async function linksMailedTo(dataDir: string, to: string, pattern: RegExp): Promise<string[]> {
  const dir = join(dataDir, 'mail');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  const links: string[] = [];
  for (const file of files) {
    const mail = await readEml(join(dir, file));
    if (mail.to !== to) continue;
    for (const m of mail.text.matchAll(new RegExp(pattern.source, 'g'))) {
      if (!links.includes(m[0])) links.push(m[0]);
    }
  }
  return links;
}

/** A needles × places table: `-` nothing found, `ok` found only where allowed, `LEAK` elsewhere. */
export function summaryTable(
  rows: { label: string; value: string }[],
  places: string[],
  state: (label: string, place: string) => '-' | 'ok' | 'LEAK',
): string {
  const width = Math.min(60, Math.max(...rows.map((r) => r.label.length + r.value.length + 3), 10));
  const head = `${'needle'.padEnd(width)} | ${places.join(' | ')}`;
  const lines = rows.map(
    (r) =>
      `${`${r.label} (${r.value.slice(0, Math.max(0, width - r.label.length - 3))})`.padEnd(width)} | ${places
        .map((p) => state(r.label, p).padEnd(p.length))
        .join(' | ')}`,
  );
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}
