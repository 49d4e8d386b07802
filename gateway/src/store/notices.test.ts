// One contract for both RecordStore adapters' notice archive, so the memory twin stays in step.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRecordStore } from './memory/records.ts';
import type { NewConsentRecord, RecordStore } from './records.ts';
import { recordMigrations } from './sqlite/migrations.ts';
import { openSqliteRecordStore } from './sqlite/records.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'candor-notices-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'candor.sqlite');
}

async function sqliteStore(): Promise<RecordStore> {
  const store = openSqliteRecordStore(await tempFile());
  cleanups.unshift(() => store.close());
  return store;
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const day = (d: number) => new Date(Date.UTC(2026, 0, d));

function record(configHash: string): NewConsentRecord {
  return {
    consentId: '00000000-0000-4000-8000-000000000001',
    action: 'reject_all',
    granted: ['necessary'],
    denied: ['analytics'],
    revision: '2026-01-01',
    configHash,
    locale: 'en',
    gpc: false,
    path: '/',
  };
}

describe.each([
  ['memory', async () => createMemoryRecordStore()],
  ['sqlite', sqliteStore],
])('%s notice archive', (_name, open) => {
  it('keeps the first notice and first time of a hash; a later remember changes nothing', async () => {
    const { notices } = await open();
    await notices.remember(A, { banner: 'first' }, day(1));
    await notices.remember(A, { banner: 'second' }, day(2));
    expect(await notices.has(A)).toBe(true);
    expect(await notices.has(B)).toBe(false);
    expect(await notices.get([A, B, A])).toEqual(
      new Map([[A, { hash: A, notice: { banner: 'first' }, firstServedAt: day(1) }]]),
    );
  });

  it('retention deletes an old notice only once no consent record cites it', async () => {
    const { notices, consent } = await open();
    await notices.remember(A, { n: 'a' }, day(1));
    await notices.remember(B, { n: 'b' }, day(1));
    await consent.append(record(A));
    expect(await notices.deleteUncitedBefore(day(5))).toBe(1);
    expect(await notices.has(A)).toBe(true);
    expect(await notices.has(B)).toBe(false);
    // A notice served after the cut-off stays, cited or not.
    await notices.remember(B, { n: 'b' }, day(9));
    expect(await notices.deleteUncitedBefore(day(5))).toBe(0);
  });
});

describe('sqlite notice archive', () => {
  it('is append-only: a stored notice cannot be changed', async () => {
    const file = await tempFile();
    const store = openSqliteRecordStore(file);
    await store.notices.remember(A, { n: 1 }, day(1));
    await store.close();
    const db = new Database(file);
    cleanups.unshift(async () => {
      db.close();
    });
    expect(() => db.prepare(`UPDATE consent_notices SET notice = '{}' WHERE hash = ?`).run(A)).toThrow(/append-only/);
  });

  it('archives, when it is created, the hashes that older records cite (with no notice), so they stay valid', async () => {
    const file = await tempFile();
    const old = openSqliteRecordStore(file);
    await old.consent.append(record(A));
    await old.consent.append(record(A));
    await old.close();
    // Back to the schema before the archive: the next open migrates it again.
    const db = new Database(file);
    const archive = recordMigrations.find((m) => m.name.startsWith('consent notices'));
    db.exec(`DROP TABLE consent_notices; DROP INDEX consent_records_by_config_hash;
      DELETE FROM schema_migrations WHERE id = ${archive?.id}`);
    db.close();
    const store = openSqliteRecordStore(file);
    cleanups.unshift(() => store.close());
    const found = await store.notices.get([A]);
    expect(found.get(A)).toEqual({ hash: A, notice: null, firstServedAt: expect.any(Date) });
  });
});
