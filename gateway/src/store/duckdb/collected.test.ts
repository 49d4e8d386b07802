import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOKKEEPING_COLUMNS, COLLECTED } from '@candor/definitions';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEventStore } from './events.ts';

// The privacy policy's "What we collect automatically" list is generated from COLLECTED. This test
// ties it to the events table as every migration leaves it, so a new column cannot go unmentioned.

let dir: string;
let columns: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candor-collected-'));
  const file = join(dir, 'events.duckdb');
  await (await openDuckDbEventStore(file)).close();
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
  );
  columns = reader.getRowObjectsJson().map((row) => String(row.column_name));
  conn.closeSync();
  instance.closeSync();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every name the policy's list and the bookkeeping list give a column, with who gives it. */
const named = (): [column: string, by: string][] => [
  ...COLLECTED.flatMap((item) => item.columns.map((column): [string, string] => [column, item.id])),
  ...BOOKKEEPING_COLUMNS.map((column): [string, string] => [column, 'bookkeeping']),
];

describe('COLLECTED and BOOKKEEPING_COLUMNS against the DuckDB events table', () => {
  it('reads the table (the query is not silently empty)', () => {
    expect(columns).toContain('session_id');
    expect(columns.length).toBeGreaterThan(10);
  });

  it('names every column of the events table exactly once', () => {
    const by = new Map<string, string[]>();
    for (const [column, owner] of named()) by.set(column, [...(by.get(column) ?? []), owner]);
    const unmentioned = columns.filter((column) => !by.has(column));
    const twice = [...by].filter(([, owners]) => owners.length > 1).map(([column, owners]) => `${column}: ${owners}`);
    expect(unmentioned, 'columns the policy does not mention').toEqual([]);
    expect(twice, 'columns named more than once').toEqual([]);
  });

  it('names no column the table does not have', () => {
    const missing = named().filter(([column]) => !columns.includes(column));
    expect(missing).toEqual([]);
  });
});
