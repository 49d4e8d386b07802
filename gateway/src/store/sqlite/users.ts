import type Database from 'better-sqlite3';
import {
  EmailTakenError,
  type NewUser,
  type Role,
  type Session,
  type Sessions,
  type User,
  type Users,
} from '../records.ts';

type Db = Database.Database;

interface UserRow {
  id: string;
  email: string;
  role: Role;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
  digest_opt_in: number;
}

export function sqliteUsers(db: Db): Users {
  const insert = db.prepare<[string, string, string, string, string, number], UserRow>(
    `INSERT INTO users (id, email, role, password_hash, created_at, digest_opt_in)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  // One statement, so "no user exists yet" and the insert cannot be split by another writer.
  const insertFirst = db.prepare<[string, string, string, string, string, number], UserRow>(
    `INSERT INTO users (id, email, role, password_hash, created_at, digest_opt_in)
     SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING *`,
  );
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, rowid');
  const count = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
  const setRole = db.prepare<[string, string], UserRow>('UPDATE users SET role = ? WHERE id = ? RETURNING *');
  const disable = db.prepare<[string, string], UserRow>(
    'UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE id = ? RETURNING *',
  );
  const setDigest = db.prepare<[number, string], UserRow>(
    'UPDATE users SET digest_opt_in = ? WHERE id = ? RETURNING *',
  );
  const setPassword = db.prepare<[string, string], UserRow>(
    'UPDATE users SET password_hash = ? WHERE id = ? RETURNING *',
  );
  const args = (u: NewUser) =>
    [crypto.randomUUID(), u.email, u.role, u.passwordHash, u.createdAt.toISOString(), u.digestOptIn ? 1 : 0] as const;

  return {
    async create(user) {
      try {
        return toUser(required(insert.get(...args(user))));
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new EmailTakenError('A user with this email already exists.');
        }
        throw error;
      }
    },
    async createFirst(user) {
      const row = insertFirst.get(...args(user));
      return row ? toUser(row) : undefined;
    },
    async byId(id) {
      return optional(byId.get(id));
    },
    async byEmail(email) {
      return optional(byEmail.get(email));
    },
    async list() {
      return all.all().map(toUser);
    },
    async count() {
      return count.get() ?? 0;
    },
    async setRole(id, role) {
      return optional(setRole.get(role, id));
    },
    async disable(id, at) {
      return optional(disable.get(at.toISOString(), id));
    },
    async setDigestOptIn(id, optIn) {
      return optional(setDigest.get(optIn ? 1 : 0, id));
    },
    async setPasswordHash(id, passwordHash) {
      return optional(setPassword.get(passwordHash, id));
    },
  };
}

interface SessionRow {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export function sqliteSessions(db: Db): Sessions {
  const insert = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const get = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?');
  const touch = db.prepare<[string, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?');
  const removeForUser = db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?');
  const removeOthersForUser = db.prepare<[string, string]>('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?');
  const removeStale = db.prepare<[string, string]>('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?');
  return {
    async create(s: Session) {
      insert.run(s.idHash, s.userId, s.createdAt.toISOString(), s.lastSeenAt.toISOString(), s.expiresAt.toISOString());
    },
    async get(idHash) {
      const row = get.get(idHash);
      return row && toSession(row);
    },
    async touch(idHash, lastSeenAt) {
      touch.run(lastSeenAt.toISOString(), idHash);
    },
    async delete(idHash) {
      remove.run(idHash);
    },
    async deleteForUser(userId, exceptIdHash) {
      const result =
        exceptIdHash === undefined ? removeForUser.run(userId) : removeOthersForUser.run(userId, exceptIdHash);
      return result.changes;
    },
    async deleteStale(now, idleSince) {
      return removeStale.run(now.toISOString(), idleSince.toISOString()).changes;
    },
  };
}

function required(row: UserRow | undefined): UserRow {
  if (!row) throw new Error('users insert returned no row');
  return row;
}

function optional(row: UserRow | undefined): User | undefined {
  return row && toUser(row);
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: new Date(row.created_at),
    disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
    digestOptIn: row.digest_opt_in === 1,
  };
}

function toSession(row: SessionRow): Session {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
}
