/**
 * The staff-account part of the RecordStore port: users, their sessions, API keys and the login
 * log. Times are passed in by the caller (the domain owns the clock), so expiry is testable.
 */

export const ROLES = ['admin', 'marketer', 'privacy'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['stats:read', 'unsubscribe:write', 'suppressions:read'] as const;
export type Scope = (typeof SCOPES)[number];

export interface User {
  id: string;
  /** Normalised: trimmed and lower-case. Unique. */
  email: string;
  role: Role;
  /** Self-describing hash (e.g. `scrypt$N$r$p$salt$hash`); never the password. */
  passwordHash: string;
  createdAt: Date;
  disabledAt: Date | null;
  /** Wants the weekly digest email (a later feature); off by default. */
  digestOptIn: boolean;
}

export type NewUser = Pick<User, 'email' | 'role' | 'passwordHash' | 'createdAt'> & { digestOptIn?: boolean };

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
}

export interface Users {
  /** Throws EmailTakenError when the email is in use. */
  create(user: NewUser): Promise<User>;
  /**
   * Creates the user only while no user exists at all, atomically (the first-admin setup link).
   * Resolves undefined when someone got there first.
   */
  createFirst(user: NewUser): Promise<User | undefined>;
  byId(id: string): Promise<User | undefined>;
  byEmail(email: string): Promise<User | undefined>;
  /** Oldest first. */
  list(): Promise<User[]>;
  count(): Promise<number>;
  setRole(id: string, role: Role): Promise<User | undefined>;
  /** Sets disabledAt once; disabling again keeps the first time. */
  disable(id: string, at: Date): Promise<User | undefined>;
  setDigestOptIn(id: string, optIn: boolean): Promise<User | undefined>;
  setPasswordHash(id: string, passwordHash: string): Promise<User | undefined>;
}

/** A signed-in browser. Only the SHA-256 of the cookie value is stored. */
export interface Session {
  idHash: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end of the session, however active it is. */
  expiresAt: Date;
}

export interface Sessions {
  create(session: Session): Promise<void>;
  get(idHash: string): Promise<Session | undefined>;
  touch(idHash: string, lastSeenAt: Date): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of the user, or every one but `exceptIdHash` (the browser that asked). */
  deleteForUser(userId: string, exceptIdHash?: string): Promise<number>;
  /** Deletes sessions past their absolute end or idle since before `idleSince`. */
  deleteStale(now: Date, idleSince: Date): Promise<number>;
}

export interface ApiKey {
  id: string;
  name: string;
  /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
  keyHash: string;
  /** The first characters, so people can tell keys apart (`cdr_AbC123…`). */
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  /** A user id, or `cli`. */
  createdBy: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export type NewApiKey = Pick<ApiKey, 'name' | 'keyHash' | 'prefix' | 'scopes' | 'createdAt' | 'createdBy'>;

export interface ApiKeys {
  create(key: NewApiKey): Promise<ApiKey>;
  byHash(keyHash: string): Promise<ApiKey | undefined>;
  /** Newest first, revoked ones included. */
  list(): Promise<ApiKey[]>;
  /** Sets revokedAt once. */
  revoke(id: string, at: Date): Promise<ApiKey | undefined>;
  touch(id: string, at: Date): Promise<void>;
}

export const LOGIN_REASONS = [
  'ok',
  'setup',
  'unknown_email',
  'wrong_password',
  'disabled',
  'throttled',
  'logout',
] as const;
export type LoginReason = (typeof LOGIN_REASONS)[number];

/** One sign-in attempt or sign-out. No email, no IP address, no user agent. */
export interface NewLoginEntry {
  /** Known only when the attempted email belongs to a user. */
  userId: string | null;
  event: 'login' | 'logout';
  success: boolean;
  reason: LoginReason;
  at: Date;
}

export interface LoginEntry extends NewLoginEntry {
  id: number;
}

/** Append-only, like the audit log. */
export interface LoginLog {
  append(entry: NewLoginEntry): Promise<LoginEntry>;
  /** Newest first. `before` is the id of the last entry of the previous page. */
  list(options?: { limit?: number; before?: number }): Promise<LoginEntry[]>;
  /** Retention: deletes entries older than `before`; returns how many. */
  deleteBefore(before: Date): Promise<number>;
}
