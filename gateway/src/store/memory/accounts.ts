import {
  type ApiKey,
  type ApiKeys,
  AUDIT_PAGE_MAX,
  EmailTakenError,
  type LoginEntry,
  type LoginLog,
  type NewUser,
  type Session,
  type Sessions,
  type User,
  type Users,
} from '../records.ts';
import { dropWhere } from './drop.ts';

/** In-memory twins of the account stores; same contract as the SQLite adapters. */
export function createMemoryAccounts(open: () => void) {
  const users: User[] = [];
  const sessions = new Map<string, Session>();
  const keys: ApiKey[] = [];
  const logins: LoginEntry[] = [];
  let loginSeq = 0;
  const copy = <T>(value: T | undefined): T | undefined => (value === undefined ? undefined : structuredClone(value));
  const insertUser = (u: NewUser): User => {
    const user: User = {
      id: crypto.randomUUID(),
      email: u.email,
      role: u.role,
      passwordHash: u.passwordHash,
      createdAt: new Date(u.createdAt),
      disabledAt: null,
      digestOptIn: u.digestOptIn ?? false,
    };
    users.push(user);
    return structuredClone(user);
  };
  const updateUser = (id: string, change: (u: User) => void) => {
    open();
    const user = users.find((u) => u.id === id);
    if (user) change(user);
    return copy(user);
  };

  const userStore: Users = {
    async create(user) {
      open();
      if (users.some((u) => u.email === user.email)) {
        throw new EmailTakenError('A user with this email already exists.');
      }
      return insertUser(user);
    },
    async createFirst(user) {
      open();
      return users.length === 0 ? insertUser(user) : undefined;
    },
    async byId(id) {
      open();
      return copy(users.find((u) => u.id === id));
    },
    async byEmail(email) {
      open();
      return copy(users.find((u) => u.email === email));
    },
    async list() {
      open();
      return structuredClone(users);
    },
    async count() {
      open();
      return users.length;
    },
    async setRole(id, role) {
      return updateUser(id, (u) => {
        u.role = role;
      });
    },
    async disable(id, at) {
      return updateUser(id, (u) => {
        u.disabledAt ??= new Date(at);
      });
    },
    async setDigestOptIn(id, optIn) {
      return updateUser(id, (u) => {
        u.digestOptIn = optIn;
      });
    },
    async setPasswordHash(id, passwordHash) {
      return updateUser(id, (u) => {
        u.passwordHash = passwordHash;
      });
    },
  };

  const sessionStore: Sessions = {
    async create(session) {
      open();
      if (sessions.has(session.idHash)) throw new Error('session id collision');
      if (!users.some((u) => u.id === session.userId)) throw new Error('FOREIGN KEY constraint failed');
      sessions.set(session.idHash, structuredClone(session));
    },
    async get(idHash) {
      open();
      return copy(sessions.get(idHash));
    },
    async touch(idHash, lastSeenAt) {
      open();
      const s = sessions.get(idHash);
      if (s) s.lastSeenAt = new Date(lastSeenAt);
    },
    async delete(idHash) {
      open();
      sessions.delete(idHash);
    },
    async deleteForUser(userId, exceptIdHash) {
      return deleteWhere((s) => s.userId === userId && s.idHash !== exceptIdHash);
    },
    async deleteStale(now, idleSince) {
      return deleteWhere((s) => s.expiresAt <= now || s.lastSeenAt < idleSince);
    },
  };
  const deleteWhere = (match: (s: Session) => boolean) => {
    open();
    let n = 0;
    for (const [id, s] of sessions) {
      if (match(s)) {
        sessions.delete(id);
        n++;
      }
    }
    return n;
  };

  const keyStore: ApiKeys = {
    async create(key) {
      open();
      if (keys.some((k) => k.keyHash === key.keyHash)) throw new Error('api key hash collision');
      const row: ApiKey = { ...structuredClone(key), id: crypto.randomUUID(), revokedAt: null, lastUsedAt: null };
      keys.push(row);
      return structuredClone(row);
    },
    async byHash(keyHash) {
      open();
      return copy(keys.find((k) => k.keyHash === keyHash));
    },
    async list() {
      open();
      return structuredClone([...keys].reverse());
    },
    async revoke(id, at) {
      open();
      const key = keys.find((k) => k.id === id);
      if (key) key.revokedAt ??= new Date(at);
      return copy(key);
    },
    async touch(id, at) {
      open();
      const key = keys.find((k) => k.id === id);
      if (key) key.lastUsedAt = new Date(at);
    },
  };

  const loginLog: LoginLog = {
    async append(entry) {
      open();
      const row: LoginEntry = { ...structuredClone(entry), id: ++loginSeq };
      logins.push(row);
      return structuredClone(row);
    },
    async list({ limit = 50, before = Number.MAX_SAFE_INTEGER } = {}) {
      open();
      return structuredClone(
        logins
          .filter((e) => e.id < before)
          .reverse()
          .slice(0, Math.min(Math.max(1, limit), AUDIT_PAGE_MAX)),
      );
    },
    async deleteBefore(before) {
      open();
      return dropWhere(logins, (e) => e.at < before);
    },
  };

  return { users: userStore, sessions: sessionStore, apiKeys: keyStore, loginLog };
}
