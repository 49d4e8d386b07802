import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, DAY, mailTo, submission, verified } from '../requests.fixtures.ts';
import { recordMigrations } from './migrations.ts';
import { configureConnection, migrate, openSqliteRecordStore } from './records.ts';

describe('SQLite privacy requests and mail queue on a real file (migration 7)', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-sqlite-requests-'));
    file = join(dir, 'candor.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('upgrades a version-6 file: existing outbox rows keep working with no data, and migrating again is a no-op', async () => {
    const db = new Database(file);
    configureConnection(db);
    migrate(db, recordMigrations.slice(0, 6));
    db.prepare(
      `INSERT INTO outbox (event_id, type, target, email, list, source, occurred_at, status, next_attempt_at, created_at)
       VALUES ('evt-1', 'unsubscribe.created', 'crm', 'h1@example.com', 'newsletter', 'one-click', @t, 'pending', @t, @t)`,
    ).run({ t: at(0).toISOString() });
    db.close();
    const store = openSqliteRecordStore(file);
    const [message] = await store.outbox.list({ limit: 1 });
    expect(message).toMatchObject({ email: 'h1@example.com', data: null, status: 'pending' });
    await store.close();
    const again = new Database(file);
    expect(again.prepare('SELECT name FROM schema_migrations WHERE id = 7').pluck().get()).toMatch(/privacy requests/);
    expect(migrate(again, recordMigrations)).toBe(0);
    again.close();
  });

  it('keeps the timeline append-only: only clearing a detail is allowed, and deletes only with an unverified request', async () => {
    const store = openSqliteRecordStore(file);
    const id = await verified(store);
    const pending = (await store.requests.submit(submission({ email: 'p@example.com', minute: 1 }))).request.id;
    await store.close();
    const db = new Database(file);
    configureConnection(db);
    try {
      expect(() => db.prepare("UPDATE privacy_request_events SET kind = 'note' WHERE request_id = ?").run(id)).toThrow(
        /append-only/,
      );
      expect(() =>
        db.prepare(`UPDATE privacy_request_events SET detail = '{"x":1}' WHERE request_id = ?`).run(id),
      ).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE privacy_request_events SET actor = 'x', detail = NULL").run()).toThrow(
        /append-only/,
      );
      expect(db.prepare('UPDATE privacy_request_events SET detail = NULL WHERE request_id = ?').run(id).changes).toBe(
        3,
      );
      expect(() => db.prepare('DELETE FROM privacy_request_events WHERE request_id = ?').run(id)).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM privacy_requests WHERE id = ?').run(id)).toThrow(/only unverified/);
      expect(db.prepare('DELETE FROM privacy_requests WHERE id = ?').run(pending).changes).toBe(1);
      expect(db.prepare('SELECT count(*) FROM privacy_request_events WHERE request_id = ?').pluck().get(pending)).toBe(
        0,
      );
    } finally {
      db.close();
    }
  });

  it('stores the token only as the hash it was given, and only until verification', async () => {
    const store = openSqliteRecordStore(file);
    const { request } = await store.requests.submit(submission({ token: 'sha256-of-token' }));
    const db = new Database(file, { readonly: true });
    const token = db.prepare('SELECT verification_hash FROM privacy_requests WHERE id = ?').pluck();
    expect(token.get(request.id)).toBe('sha256-of-token');
    await store.requests.verify(request.id, { at: at(1), dueAt: at(30 * DAY) });
    expect(token.get(request.id)).toBeNull();
    db.close();
    await store.close();
  });

  it('refuses a sent mail row that still holds an address or body', async () => {
    const store = openSqliteRecordStore(file);
    const [id] = await store.mailQueue.enqueue([mailTo('ada@example.com')], at(0));
    await store.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE mail_queue SET status = 'sent', sent_at = ? WHERE id = ?").run('x', id)).toThrow(
      /CHECK/,
    );
    db.close();
  });

  it('keeps pending mail across a reopen', async () => {
    const first = openSqliteRecordStore(file);
    await first.requests.submit(submission({ mail: [mailTo('ada@example.com')] }));
    await first.close();
    const again = openSqliteRecordStore(file);
    expect((await again.mailQueue.due(at(0), 10)).map((m) => m.to)).toEqual(['ada@example.com']);
    await again.close();
  });
});
