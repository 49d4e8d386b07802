import { OUTBOX_ERROR_MAX } from './suppressions.ts';

/** An email to send, held until a transport accepts it. */
export interface NewMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The privacy request it belongs to; deleting or minimising that request removes unsent mail. */
  requestId?: string;
}

export const MAIL_STATUSES = ['pending', 'sent', 'dead'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** A queued email. Address and body are null once sent: only the fact and the times are kept. */
export interface QueuedMail {
  id: number;
  requestId: string | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

/** A pending email, which always still has its address and body. */
export interface DueMail extends QueuedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  status: 'pending';
}

/** The longest `lastError` kept, as in the outbox. */
export const MAIL_ERROR_MAX = OUTBOX_ERROR_MAX;

/**
 * A durable queue of outgoing email, so that mail promised to a requester survives a restart or an
 * SMTP outage. `Requests` methods that take `mail` enqueue it in their own transaction; `enqueue`
 * is for mail that goes with no other change. The dispatcher reads and settles rows.
 */
export interface MailQueue {
  /** Adds messages pending and due at `at`, in one transaction; returns their ids in order. */
  enqueue(messages: readonly NewMail[], at: Date): Promise<number[]>;
  /** Pending messages due at `now`, oldest first, at most `limit` (capped at 1000). */
  due(now: Date, limit: number): Promise<DueMail[]>;
  /** Marks a pending message sent and drops its address and body in the same statement. */
  sent(id: number, at: Date): Promise<void>;
  /**
   * A failed attempt on a pending message: attempts + 1, lastError (cut to MAIL_ERROR_MAX; an
   * error name or code, never a transport message that could echo the address). `retryAt` null: dead.
   */
  failed(id: number, result: { error: string; at: Date; retryAt: Date | null }): Promise<void>;
  /** Admin retry of a dead or pending message: pending, due `now`, attempts 0. False if none. */
  retry(id: number, now: Date): Promise<boolean>;
  /** One message by id (address included while unsent), for the admin and tests. */
  byId(id: number): Promise<QueuedMail | undefined>;
  counts(): Promise<Record<MailStatus, number>>;
  /** Deletes sent messages sent before `before`; returns how many. Dead letters are kept. */
  purgeSent(before: Date): Promise<number>;
  /** Deletes dead letters (address and body included) queued before `before`; returns how many. */
  purgeDead(before: Date): Promise<number>;
}
