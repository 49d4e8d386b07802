import Database from 'better-sqlite3';
import { type Migration, pendingMigrations } from '../migrate.ts';
import type { AuditEntry, AuditLog, NewAuditEntry, RecordStore } from '../records.ts';
import { AUDIT_PAGE_MAX } from '../records.ts';
import { sqliteApiKeys } from './api-keys.ts';
import { sqliteConsentRecords } from './consent.ts';
import { sqliteDigestLog } from './digests.ts';
import { sqliteGoals } from './goals.ts';
import { sqliteLoginLog } from './login-log.ts';
import { sqliteMailQueue } from './mail-queue.ts';
import { recordMigrations } from './migrations.ts';
import { sqliteNoticeArchive } from './notices.ts';
import { sqliteOutbox } from './outbox.ts';
import { sqliteRequests } from './requests.ts';
import { sqliteSuppressions } from './suppressions.ts';
import { sqliteSessions, sqliteUsers } from './users.ts';

type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite RecordStore at `file` and applies pending migrations.
 * WAL with synchronous=FULL: a committed write has been fsynced, so a 2xx survives a crash.
 */
export function openSqliteRecordStore(file: string, migrations: readonly Migration[] = recordMigrations): RecordStore {
  const db = new Database(file);
  try {
    configureConnection(db);
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  // Readiness reads one row: it takes no write lock, so it never waits (blocking the event loop up
  // to busy_timeout) behind a writer such as the CLI, and it fails once the file is closed.
  const probe = db.prepare('SELECT 1 FROM schema_migrations LIMIT 1');
  return {
    audit: sqliteAuditLog(db),
    consent: sqliteConsentRecords(db),
    notices: sqliteNoticeArchive(db),
    goals: sqliteGoals(db),
    users: sqliteUsers(db),
    sessions: sqliteSessions(db),
    apiKeys: sqliteApiKeys(db),
    loginLog: sqliteLoginLog(db),
    digests: sqliteDigestLog(db),
    suppressions: sqliteSuppressions(db),
    outbox: sqliteOutbox(db),
    requests: sqliteRequests(db),
    mailQueue: sqliteMailQueue(db),
    async ping() {
      probe.get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/**
 * WAL lets readers (the CLI, backups) run beside the gateway; synchronous=FULL fsyncs every
 * commit, which is what makes "2xx means on disk" true. busy_timeout covers a CLI writing at once.
 * secure_delete makes erasure real on disk.
 */
export function configureConnection(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted and minimised personal data is overwritten with zeros, not left in free pages.
  db.pragma('secure_delete = ON');
}

/** Applies each pending migration in its own transaction and records it. Re-running is a no-op. */
export function migrate(db: Db, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = db
    .prepare('SELECT id FROM schema_migrations')
    .pluck()
    .all()
    .map((id) => Number(id));
  const pending = pendingMigrations(migrations, applied, 'RecordStore (SQLite)');
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
    })();
  }
  return pending.length;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
}

function sqliteAuditLog(db: Db): AuditLog {
  const insert = db.prepare<[string, string, string, string, string | null, string | null], AuditRow>(
    `INSERT INTO audit_log (at, actor, action, target, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const page = db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?');
  const expire = db.prepare<[string]>('DELETE FROM audit_log WHERE at < ?');
  return {
    async append(entry: NewAuditEntry) {
      const row = insert.get(
        new Date().toISOString(),
        entry.actor,
        entry.action,
        entry.target,
        toJson(entry.before),
        toJson(entry.after),
      );
      if (!row) throw new Error('audit_log insert returned no row');
      return toEntry(row);
    },
    async list({ limit = 50, before = Number.MAX_SAFE_INTEGER } = {}) {
      return page.all(before, Math.min(Math.max(1, limit), AUDIT_PAGE_MAX)).map(toEntry);
    },
    async deleteBefore(before) {
      return expire.run(before.toISOString()).changes;
    },
  };
}

function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
  };
}
