import type { WebhookEvent } from '@candor/config';

export const SUPPRESSION_SOURCES = ['one-click', 'page', 'api', 'admin', 'privacy-request'] as const;
export type SuppressionSource = (typeof SUPPRESSION_SOURCES)[number];

/** The sources that are an unsubscribe link: a click on its page, or a mail client's one-click. */
export const LINK_SOURCES = ['one-click', 'page'] as const satisfies readonly SuppressionSource[];
export type LinkSource = (typeof LINK_SOURCES)[number];

export function isLinkSource(source: SuppressionSource): source is LinkSource {
  return (LINK_SOURCES as readonly string[]).includes(source);
}

/**
 * The list value of a suppression that covers every list. The store treats it as one more list
 * name; what it means for a send is the domain's business.
 */
export const ALL_LISTS = '*';

/** The most rows one page of `changes`, `list` or `outbox.list` returns. */
export const SUPPRESSION_PAGE_MAX = 1000;

/** An address that must get no more mail from `list`. Only the keyed HMAC of the email is kept. */
export interface Suppression {
  emailHash: string;
  list: string;
  source: SuppressionSource;
  /**
   * For a row an unsubscribe link made (`one-click`, `page`): the list of that link, which decides
   * what a link may lift again. Null for every other source, and for link rows written before it
   * was recorded.
   */
  linkList: string | null;
  createdAt: Date;
}

/** One entry of the append-only change feed that email services sync from. */
export interface SuppressionChange {
  /** Increasing; pass the last one seen as `since` to read on. */
  cursor: number;
  emailHash: string;
  list: string;
  change: 'added' | 'removed';
  source: SuppressionSource;
  at: Date;
}

/** One webhook to deliver per target, written with the change. `email` is the plaintext, removed once delivered. */
export interface NewOutboxMessage {
  /** The same for every target of one change; (eventId, target) is unique. */
  eventId: string;
  type: WebhookEvent;
  /** The webhook id from the config. */
  target: string;
  email: string;
  /** For a suppression event; other events (e.g. `privacy_request.verified`) pass `''`. */
  list: string;
  source: SuppressionSource;
  occurredAt: Date;
  /**
   * The payload of an event that is not a suppression change (e.g. `privacy_request.verified`):
   * sent as the body's `data`, with `email` added, instead of `{email, list, source}`. Dropped
   * with the email once delivered.
   */
  data?: OutboxData;
}

/** A JSON object carried by an outbox message. */
export type OutboxData = Record<string, unknown>;

export interface SuppressionWrite {
  emailHash: string;
  list: string;
  source: SuppressionSource;
  /** The list of the link behind a link source's add; ignored for other sources and for removals. */
  linkList?: string;
  at: Date;
  /** Written only when the suppression actually changes. */
  outbox: NewOutboxMessage[];
}

export interface Suppressions {
  /**
   * Adds each (emailHash, list) not yet suppressed and, in the same transaction, its change row
   * and outbox rows. Idempotent: an existing suppression gets no new change or outbox rows. One
   * exception to "left as it is": a row a link made is taken over by an add from any other source
   * (its source becomes that one, its linkList null), so that an objection, the officer's or the
   * sender's entry cannot be lifted through a link. All or nothing: if any row fails, nothing is
   * written. Resolves once durable, with whether each one was new (a takeover is not).
   */
  add(items: readonly SuppressionWrite[]): Promise<boolean[]>;
  /** Removes (undo / resubscribe) likewise: one transaction, change and outbox rows only for rows that existed. */
  remove(items: readonly SuppressionWrite[]): Promise<boolean[]>;
  /** Current suppressions of these hashes, any order. */
  ofHashes(emailHashes: readonly string[]): Promise<Suppression[]>;
  /** The change feed after `since` (a cursor from a previous page, 0 = from the start), oldest first, at most `limit` (capped at 1000). */
  changes(options: { since: number; limit: number }): Promise<SuppressionChange[]>;
  /** Newest first, for the admin list and export. */
  list(options: { limit: number; offset?: number }): Promise<Suppression[]>;
  count(): Promise<number>;
}

export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  id: number;
  eventId: string;
  type: WebhookEvent;
  target: string;
  /** Plaintext until delivered, then null. A dead letter keeps it until it is retried and delivered. */
  email: string | null;
  list: string;
  source: SuppressionSource;
  occurredAt: Date;
  /** Null for a suppression event, and once delivered. */
  data: OutboxData | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** The longest `lastError` kept; longer ones are cut. */
export const OUTBOX_ERROR_MAX = 500;

/**
 * Webhook deliveries waiting, done or given up. Rows are written by `Suppressions.add`/`remove`
 * and `Requests.verify` in the change's own transaction; the dispatcher reads and settles them. There is no wake-up
 * signal here: whoever writes a change calls the dispatcher's `wake()`.
 */
export interface Outbox {
  /** Pending messages whose nextAttemptAt ≤ now, oldest first. */
  due(now: Date, limit: number): Promise<OutboxMessage[]>;
  /** Marks a pending message delivered and sets its plaintext email and data to NULL in the same statement. */
  delivered(id: number, at: Date): Promise<void>;
  /**
   * A failed attempt on a pending message: attempts + 1 and lastError (cut to OUTBOX_ERROR_MAX;
   * callers pass a status or error name, never the payload). `retryAt` null means give up: dead.
   */
  failed(id: number, result: { error: string; at: Date; retryAt: Date | null }): Promise<void>;
  /**
   * Admin retry of a dead or pending message: pending, due `now`, attempts back to 0 (so it gets a
   * full retry schedule; lastError is kept). False when there is no such message.
   */
  retry(id: number, now: Date): Promise<boolean>;
  /** Newest first; `before` is the id of the last message of the previous page. */
  list(options: { status?: OutboxStatus; limit: number; before?: number }): Promise<OutboxMessage[]>;
  counts(): Promise<Record<OutboxStatus, number>>;
  /**
   * Deletes delivered messages delivered before `before`; returns how many. Dead letters are kept,
   * email included, until an admin retries them and they are delivered: purging them would lose
   * a webhook the target never got.
   */
  purgeDelivered(before: Date): Promise<number>;
}

/**
 * A failed attempt on a pending queue row, as the memory twins of the outbox and the mail queue
 * apply it: one more attempt, the cut error, and either the next attempt time or dead.
 */
export function recordFailedAttempt(
  row: { attempts: number; lastError: string | null; nextAttemptAt: Date; status: string },
  { error, retryAt }: { error: string; retryAt: Date | null },
): void {
  row.attempts++;
  row.lastError = truncateError(error);
  if (retryAt) row.nextAttemptAt = new Date(retryAt);
  else row.status = 'dead';
}

/** Cuts an error message to what the outbox keeps. */
export function truncateError(error: string): string {
  return error.length <= OUTBOX_ERROR_MAX ? error : `${error.slice(0, OUTBOX_ERROR_MAX - 1)}…`;
}

export function clampPageSize(limit: number): number {
  return Math.min(Math.max(1, Math.floor(limit)), SUPPRESSION_PAGE_MAX);
}
