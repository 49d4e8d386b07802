import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewConsentRecord } from '../records.ts';
import { openSqliteRecordStore } from './records.ts';

const record = (overrides: Partial<NewConsentRecord> = {}): NewConsentRecord => ({
  consentId: '3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00',
  action: 'custom',
  granted: ['necessary', 'analytics'],
  denied: ['marketing'],
  revision: '2026-11-01',
  configHash: 'a'.repeat(64),
  locale: 'de',
  gpc: true,
  path: '/',
  ...overrides,
});

describe('SQLite consent records', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-consent-'));
    file = join(dir, 'candor.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('returns a consent id history in order, across a reopen', async () => {
    const store = openSqliteRecordStore(file);
    await store.consent.append(record({ action: 'accept_all' }));
    await store.consent.append(record({ consentId: '00000000-0000-4000-8000-000000000000' }));
    await store.consent.append(record({ action: 'withdraw', gpc: false }));
    await store.close();
    const reopened = openSqliteRecordStore(file);
    const history = await reopened.consent.history('3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00');
    expect(history.map((r) => [r.action, r.gpc])).toEqual([
      ['accept_all', true],
      ['withdraw', false],
    ]);
    expect(history[0]).toMatchObject({ granted: ['necessary', 'analytics'], denied: ['marketing'], locale: 'de' });
    expect(history[0]?.recordedAt).toBeInstanceOf(Date);
    await reopened.close();
  });

  it('refuses to edit a consent record', async () => {
    const store = openSqliteRecordStore(file);
    await store.consent.append(record());
    await store.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE consent_records SET action = 'accept_all'").run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO consent_records (consent_id, action, granted, denied, revision, config_hash, locale, gpc, path, recorded_at) VALUES ('x', 'sell', '[]', '[]', 'r', 'h', 'en', 0, '/', 't')",
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});
