import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_INVENTORY, type DataStore } from '@candor/config';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDuckDb, describeSqlite } from '../cli/snapshot.ts';
import { openDuckDbEventStore } from './duckdb/events.ts';
import { openSqliteRecordStore } from './sqlite/records.ts';

// The data inventory (admin page, privacy answers) must name every table the migrations create,
// and nothing that does not exist: a new table without an entry fails here.
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tablesOf(store: DataStore): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'candor-inventory-'));
  dirs.push(dir);
  if (store === 'records') {
    const file = join(dir, 'candor.sqlite');
    await openSqliteRecordStore(file).close();
    return Object.keys(describeSqlite(file).tables);
  }
  const file = join(dir, 'events.duckdb');
  await (await openDuckDbEventStore(file)).close();
  return Object.keys((await describeDuckDb(file)).tables);
}

describe('the data inventory', () => {
  it.each(['records', 'events'] as const)('lists exactly the tables of the %s store', async (store) => {
    const listed = new Set(DATA_INVENTORY.filter((e) => e.store === store).flatMap((e) => e.tables));
    const actual = await tablesOf(store);
    expect(actual.length).toBeGreaterThan(3);
    expect([...listed].sort()).toEqual([...actual].sort());
  });
});
