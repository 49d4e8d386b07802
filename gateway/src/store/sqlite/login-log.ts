import type Database from 'better-sqlite3';
import type { LoginEntry, LoginLog, LoginReason } from '../records.ts';
import { AUDIT_PAGE_MAX } from '../records.ts';

type Db = Database.Database;

interface LoginRow {
  id: number;
  at: string;
  user_id: string | null;
  event: 'login' | 'logout';
  success: number;
  reason: LoginReason;
}

export function sqliteLoginLog(db: Db): LoginLog {
  const insert = db.prepare<[string, string | null, string, number, string], LoginRow>(
    'INSERT INTO login_log (at, user_id, event, success, reason) VALUES (?, ?, ?, ?, ?) RETURNING *',
  );
  const page = db.prepare<[number, number], LoginRow>('SELECT * FROM login_log WHERE id < ? ORDER BY id DESC LIMIT ?');
  const expire = db.prepare<[string]>('DELETE FROM login_log WHERE at < ?');
  return {
    async append(entry) {
      const row = insert.get(entry.at.toISOString(), entry.userId, entry.event, entry.success ? 1 : 0, entry.reason);
      if (!row) throw new Error('login_log insert returned no row');
      return toLoginEntry(row);
    },
    async list({ limit = 50, before = Number.MAX_SAFE_INTEGER } = {}) {
      return page.all(before, Math.min(Math.max(1, limit), AUDIT_PAGE_MAX)).map(toLoginEntry);
    },
    async deleteBefore(before) {
      return expire.run(before.toISOString()).changes;
    },
  };
}

function toLoginEntry(row: LoginRow): LoginEntry {
  return {
    id: row.id,
    at: new Date(row.at),
    userId: row.user_id,
    event: row.event,
    success: row.success === 1,
    reason: row.reason,
  };
}
