import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '../migrate.ts';
import { recordMigrations } from './migrations.ts';
import { configureConnection, migrate, openSqliteRecordStore } from './records.ts';

describe('SQLite RecordStore on a real file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-sqlite-'));
    file = join(dir, 'candor.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('configures WAL and synchronous=FULL, so a committed write is on disk', () => {
    const db = new Database(file);
    db.pragma('synchronous = OFF');
    configureConnection(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });

  it('overwrites deleted personal data instead of leaving it in free pages', async () => {
    const db = new Database(file);
    configureConnection(db);
    db.exec('CREATE TABLE t (v TEXT)');
    const needle = 'erased.person@example.org';
    db.prepare('INSERT INTO t VALUES (?)').run(needle.repeat(50));
    db.prepare('DELETE FROM t').run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect((await readFile(file)).includes(needle)).toBe(false);
  });

  it('applies migrations once; applying them again is a no-op', async () => {
    await openSqliteRecordStore(file).close();
    const db = new Database(file);
    const before = db.prepare('SELECT id, name, applied_at FROM schema_migrations ORDER BY id').all();
    expect(before).toHaveLength(recordMigrations.length);
    expect(migrate(db, recordMigrations)).toBe(0);
    expect(db.prepare('SELECT id, name, applied_at FROM schema_migrations ORDER BY id').all()).toEqual(before);
    db.close();
    await openSqliteRecordStore(file).close(); // a second start applies nothing and does not fail
  });

  it('applies only the new migration on upgrade', async () => {
    await openSqliteRecordStore(file).close();
    const next = [
      ...recordMigrations,
      { id: recordMigrations.length + 1, name: 'test table', sql: 'CREATE TABLE t (x INTEGER) STRICT' },
    ];
    const db = new Database(file);
    expect(migrate(db, next)).toBe(1);
    expect(migrate(db, next)).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer Candor', async () => {
    await openSqliteRecordStore(file).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')").run();
    db.close();
    expect(() => openSqliteRecordStore(file)).toThrow(SchemaTooNewError);
  });

  it('rolls back a failing migration whole', async () => {
    const bad = [
      ...recordMigrations,
      { id: recordMigrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok (x INTEGER); CREATE TABLE broken (' },
    ];
    expect(() => openSqliteRecordStore(file, bad)).toThrow();
    const db = new Database(file);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT max(id) AS v FROM schema_migrations').get()).toEqual({ v: recordMigrations.length });
    db.close();
  });

  it('appends audit entries and pages them newest first', async () => {
    const store = openSqliteRecordStore(file);
    for (let i = 1; i <= 5; i++) {
      await store.audit.append({
        actor: 'user:1',
        action: 'list.renamed',
        target: `list:${i}`,
        before: { n: i - 1 },
        after: { n: i },
      });
    }
    const first = await store.audit.list({ limit: 2 });
    expect(first.map((e) => e.target)).toEqual(['list:5', 'list:4']);
    expect(first[0]).toMatchObject({ actor: 'user:1', action: 'list.renamed', before: { n: 4 }, after: { n: 5 } });
    expect(first[0]?.at).toBeInstanceOf(Date);
    const next = await store.audit.list({ limit: 2, before: first[1]?.id });
    expect(next.map((e) => e.target)).toEqual(['list:3', 'list:2']);
    await store.close();
  });

  it('refuses to edit the audit log', async () => {
    const store = openSqliteRecordStore(file);
    await store.audit.append({ actor: 'cli', action: 'user.created', target: 'user:1' });
    await store.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
    db.close();
  });

  it('ping answers at once while another connection holds the write lock', async () => {
    const store = openSqliteRecordStore(file);
    const writer = new Database(file);
    writer.pragma('busy_timeout = 0');
    writer.prepare('BEGIN IMMEDIATE').run();
    const started = performance.now();
    await expect(store.ping()).resolves.toBeUndefined();
    // A write probe would wait out busy_timeout (5 s, blocking the event loop), then fail.
    expect(performance.now() - started).toBeLessThan(500);
    writer.prepare('ROLLBACK').run();
    writer.close();
    await store.close();
  });

  it('ping succeeds while open and fails once closed', async () => {
    const store = openSqliteRecordStore(file);
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});
