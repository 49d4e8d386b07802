import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, write } from '../suppressions.fixtures.ts';
import { recordMigrations } from './migrations.ts';
import { migrate, openSqliteRecordStore } from './records.ts';

describe('SQLite suppressions and outbox on a real file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-sqlite-suppressions-'));
    file = join(dir, 'candor.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the tables in migration 6, and a second migrate changes nothing', async () => {
    await openSqliteRecordStore(file).close();
    const db = new Database(file);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?) ORDER BY name")
      .pluck()
      .all('outbox', 'suppression_changes', 'suppressions');
    expect(tables).toEqual(['outbox', 'suppression_changes', 'suppressions']);
    expect(db.prepare('SELECT name FROM schema_migrations WHERE id = 6').pluck().get()).toMatch(/suppressions/);
    expect(migrate(db, recordMigrations)).toBe(0);
    db.close();
    await openSqliteRecordStore(file).close();
  });

  it('migration 8 keeps the rows written before it, with no link list, and the schema ties a link list to a link', async () => {
    const old = new Database(file);
    migrate(
      old,
      recordMigrations.filter((m) => m.id < 8),
    );
    old
      .prepare("INSERT INTO suppressions (email_hash, list, source, created_at) VALUES ('h1', '*', 'page', ?)")
      .run(at(0).toISOString());
    old.close();
    const store = openSqliteRecordStore(file);
    expect(await store.suppressions.ofHashes(['h1'])).toEqual([
      { emailHash: 'h1', list: '*', source: 'page', linkList: null, createdAt: at(0) },
    ]);
    await store.close();
    const db = new Database(file);
    expect(() =>
      db
        .prepare(
          "INSERT INTO suppressions (email_hash, list, source, link_list, created_at) VALUES ('h2', 'a', 'api', 'a', ?)",
        )
        .run(at(0).toISOString()),
    ).toThrow(/CHECK constraint/);
    db.close();
  });

  it('keeps suppressions, the feed and pending messages across a reopen', async () => {
    const first = openSqliteRecordStore(file);
    await first.suppressions.add([write('h1', 'newsletter', { targets: ['crm'] })]);
    await first.close();
    const again = openSqliteRecordStore(file);
    try {
      expect(await again.suppressions.ofHashes(['h1'])).toHaveLength(1);
      expect(await again.suppressions.changes({ since: 0, limit: 10 })).toHaveLength(1);
      expect((await again.outbox.due(at(0), 10)).map((m) => m.email)).toEqual(['h1@example.com']);
    } finally {
      await again.close();
    }
  });

  it('refuses to update or delete the change feed', async () => {
    const store = openSqliteRecordStore(file);
    await store.suppressions.add([write('h1', 'newsletter')]);
    await store.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE suppression_changes SET change = 'removed'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM suppression_changes').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT count(*) FROM suppression_changes').pluck().get()).toBe(1);
    db.close();
  });

  it('rolls back the suppression when its outbox insert fails', async () => {
    const store = openSqliteRecordStore(file);
    await store.suppressions.add([write('h1', 'newsletter', { targets: ['crm'], eventId: 'evt-1' })]);
    await expect(
      store.suppressions.add([write('h2', 'newsletter', { targets: ['crm'], eventId: 'evt-1' })]),
    ).rejects.toThrow(/UNIQUE constraint failed: outbox.event_id, outbox.target/);
    await store.close();
    const db = new Database(file);
    expect(db.prepare("SELECT count(*) FROM suppressions WHERE email_hash = 'h2'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM suppression_changes WHERE email_hash = 'h2'").pluck().get()).toBe(0);
    db.close();
  });

  it('leaves no plaintext email on disk once delivered, and the schema forbids one', async () => {
    const store = openSqliteRecordStore(file);
    await store.suppressions.add([write('h1', 'newsletter', { targets: ['crm'] })]);
    const [message] = await store.outbox.due(at(0), 1);
    await store.outbox.delivered(message?.id ?? -1, at(1));
    await store.close();
    const db = new Database(file);
    expect(db.prepare('SELECT status, email FROM outbox').all()).toEqual([{ status: 'delivered', email: null }]);
    expect(() => db.prepare("UPDATE outbox SET email = 'h1@example.com'").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE outbox SET source = 'guess'").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
