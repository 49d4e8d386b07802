/**
 * RecordStore: everything that may hold personal data (consent proof, suppressions, privacy
 * requests, admin users, audit log, outbox). A write resolves only once it is durable, so a route
 * may answer 2xx as soon as the promise settles.
 *
 * Methods are async even though SQLite is synchronous, so that a PostgreSQL adapter can implement
 * the same port without touching routes or domain code.
 */
export interface RecordStore {
  readonly audit: AuditLog;
  /** Resolves when the store is open and accepts writers; rejects otherwise. Changes nothing. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Append-only trail of who changed what and when. Entries are never updated or deleted early. */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. `before` is the id of the last entry of the previous page. */
  list(options?: { limit?: number; before?: number }): Promise<AuditEntry[]>;
}

export interface NewAuditEntry {
  /** Who acted: a staff user id, `system`, or `cli`. Never an email. */
  actor: string;
  /** What was done, as `noun.verb`, e.g. `user.created`. */
  action: string;
  /** The object acted on, e.g. `user:42`. */
  target: string;
  /** Before and after values, for changes that hold no personal data. */
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry extends Required<Pick<NewAuditEntry, 'actor' | 'action' | 'target'>> {
  id: number;
  at: Date;
  before: unknown;
  after: unknown;
}

export const AUDIT_PAGE_MAX = 500;
