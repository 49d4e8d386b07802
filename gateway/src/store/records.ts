import type { ConsentAction, OptionalCategory } from '@candor/definitions';
import type { ApiKeys, LoginLog, Sessions, Users } from './accounts.ts';
import type { MailQueue } from './mail-queue.ts';
import type { NoticeArchive } from './notices.ts';
import type { Requests } from './requests.ts';
import type { Outbox, Suppressions } from './suppressions.ts';

export * from './accounts.ts';
export * from './mail-queue.ts';
export * from './notices.ts';
export * from './requests.ts';
export * from './suppressions.ts';

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
  readonly consent: ConsentRecords;
  readonly notices: NoticeArchive;
  readonly goals: Goals;
  readonly users: Users;
  readonly sessions: Sessions;
  readonly apiKeys: ApiKeys;
  readonly loginLog: LoginLog;
  readonly digests: DigestLog;
  readonly suppressions: Suppressions;
  readonly outbox: Outbox;
  readonly requests: Requests;
  readonly mailQueue: MailQueue;
  /** Resolves when the store is open and answers a read; rejects otherwise. Writes and locks nothing. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Append-only trail of who changed what and when. Entries are never updated or deleted early. */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. `before` is the id of the last entry of the previous page. */
  list(options?: { limit?: number; before?: number }): Promise<AuditEntry[]>;
  /** Retention: deletes entries older than `before`; returns how many. */
  deleteBefore(before: Date): Promise<number>;
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

// What a record's action may be, and which categories a visitor may refuse, are defined once with
// the body the banner sends.
export {
  CONSENT_ACTIONS,
  type ConsentAction,
  OPTIONAL_CATEGORIES,
  type OptionalCategory,
} from '@candor/definitions';

/** Proof of consent: one append-only row per choice. No IP, no user agent, nothing linkable to an email. */
export interface ConsentRecords {
  append(record: NewConsentRecord): Promise<ConsentRecord>;
  /** Every record for one consent id (the browser's random id), oldest first. */
  history(consentId: string): Promise<ConsentRecord[]>;
  /** Aggregate counts of the choices made on the calendar days `from`–`to` (inclusive) in `tz`. */
  stats(range: ConsentStatsRange): Promise<ConsentStats>;
  /** Retention: deletes records made before `before`; returns how many. */
  deleteBefore(before: Date): Promise<number>;
}

export interface NewConsentRecord {
  consentId: string;
  action: ConsentAction;
  /** Category and service ids, in one list each (their ids never collide). */
  granted: string[];
  denied: string[];
  revision: string;
  configHash: string;
  locale: string;
  gpc: boolean;
  path: string;
}

export interface ConsentRecord extends NewConsentRecord {
  recordedAt: Date;
}

export interface ConsentStatsRange {
  /** YYYY-MM-DD, both inclusive, in `tz`. */
  from: string;
  to: string;
  tz: string;
}

/** Counts only: no consent id, path or locale leaves the store through this. */
export interface ConsentStats {
  total: number;
  byAction: Record<ConsentAction, number>;
  /** Choices whose `granted` list holds the category. */
  categoryGranted: Record<OptionalCategory, number>;
  /** Every day of the range, in order, zeros included. */
  byDay: { day: string; counts: Record<ConsentAction, number> }[];
}

export const GOAL_KINDS = ['page', 'event'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

/** A conversion goal of the reports: a page path (`/pricing`) or a custom event name (`Signup`). */
export interface Goal {
  id: string;
  name: string;
  kind: GoalKind;
  value: string;
  createdAt: Date;
  /** The staff user id who created it. */
  createdBy: string;
}

export type NewGoal = Omit<Goal, 'id' | 'createdAt'>;

export interface Goals {
  /** Oldest first. */
  list(): Promise<Goal[]>;
  create(goal: NewGoal): Promise<Goal>;
  /** The removed goal, or undefined when there was none with that id. */
  delete(id: string): Promise<Goal | undefined>;
}

/** Which ISO week (`2026-W47`) each site's weekly digest was last sent for, so it goes out once. */
export interface DigestLog {
  lastSentWeek(site: string): Promise<string | undefined>;
  /** Records the week as sent; an older week never replaces a newer one. */
  markSent(site: string, week: string, at: Date): Promise<void>;
}
