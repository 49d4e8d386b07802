import type { NewMail } from './mail-queue.ts';
import type { NewOutboxMessage } from './suppressions.ts';

export const REQUEST_TYPES = ['access', 'rectify', 'erase', 'restrict', 'port', 'object'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_STATUSES = [
  'unverified',
  'verified',
  'in_progress',
  'awaiting_systems',
  'extended',
  'completed',
  'rejected',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const JURISDICTIONS = ['gdpr', 'ccpa'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/**
 * Which status may follow which. `verified` is reached only through `Requests.verify` (it spends
 * the token) and `extended` only through `Requests.extend` (it needs a reason and a new due date,
 * and is allowed once per request). `completed` and `rejected` are final.
 */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  unverified: ['verified'],
  verified: ['in_progress', 'awaiting_systems', 'extended', 'completed', 'rejected'],
  in_progress: ['awaiting_systems', 'extended', 'completed', 'rejected'],
  awaiting_systems: ['in_progress', 'extended', 'completed', 'rejected'],
  extended: ['in_progress', 'awaiting_systems', 'completed', 'rejected'],
  completed: [],
  rejected: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

/** Statuses after which nothing more happens; `completedAt` is set on entering one. */
export const CLOSED_STATUSES: readonly RequestStatus[] = ['completed', 'rejected'];

/** A privacy request. Personal fields (email, details, rectification) are null once minimised. */
export interface PrivacyRequest {
  /** Random UUID; the key in URLs of the admin and of connected systems' callbacks. */
  id: string;
  /** What the requester and the officer quote, e.g. `PR-7K3M9Q2X`; random, so not enumerable. */
  reference: string;
  type: RequestType;
  status: RequestStatus;
  jurisdiction: Jurisdiction;
  /** Plaintext, for replying; null once minimised. */
  email: string | null;
  /** Hex keyed HMAC of the normalised email (computed by the caller); null once minimised. */
  emailHash: string | null;
  details: string | null;
  /** What the requester wants corrected (type `rectify`). */
  rectification: string | null;
  locale: string;
  receivedAt: Date;
  verifiedAt: Date | null;
  dueAt: Date | null;
  extendedAt: Date | null;
  extensionReason: string | null;
  /** When it entered `completed` or `rejected`. */
  completedAt: Date | null;
  restricted: boolean;
  minimisedAt: Date | null;
}

export type NewPrivacyRequest = Pick<
  PrivacyRequest,
  'id' | 'reference' | 'type' | 'jurisdiction' | 'details' | 'rectification' | 'locale' | 'receivedAt'
> & { email: string; emailHash: string };

export const REQUEST_EVENT_KINDS = [
  'received',
  'verification_sent',
  'verified',
  'status',
  'note',
  'email',
  'extended',
  'system_report',
  'export_ready',
  'export_downloaded',
  'erased',
  'restricted',
] as const;
export type RequestEventKind = (typeof REQUEST_EVENT_KINDS)[number];

/** One line of a request's timeline: who did what, when. */
export interface RequestEvent {
  id: number;
  requestId: string;
  at: Date;
  /** A staff user id, `requester`, `system`, or `system:<connected system id>`. Never an email. */
  actor: string;
  kind: RequestEventKind;
  /** JSON; may hold personal data (a note's text), so it is set to null on minimisation. */
  detail: unknown;
}

export type NewRequestEvent = Omit<RequestEvent, 'id' | 'requestId'>;

export const SYSTEM_REPORT_STATUSES = ['pending', 'done', 'not_found', 'failed'] as const;
export type SystemReportStatus = (typeof SYSTEM_REPORT_STATUSES)[number];

/** What one connected system said about a request; one row per (request, system), last report wins. */
export interface SystemReport {
  requestId: string;
  /** The connected system's id from the config. */
  system: string;
  status: SystemReportStatus;
  /** The data held (access, port) as JSON, or null; dropped on minimisation. */
  data: unknown;
  reportedAt: Date;
}

/** The zip handed to the requester (access, port). Only the hash of its download code is kept. */
export interface ExportPackage {
  requestId: string;
  codeHash: string;
  bytes: Uint8Array;
  createdAt: Date;
  expiresAt: Date;
}

/** Mail to the requester, enqueued in the same transaction; the store sets its `requestId`. */
export type RequestMail = Omit<NewMail, 'requestId'>;

export interface SubmitInput {
  request: NewPrivacyRequest;
  /** Only the hash of the emailed token is stored. */
  verification: { tokenHash: string; expiresAt: Date };
  mail?: readonly RequestMail[];
  /**
   * Set when a new link may not be mailed now (the address's mail budget or the hourly cap is
   * spent). A pending request of this pair then takes the submission's content but keeps its token
   * and mail, so the link mailed before confirms the new content, and nothing is mailed. A new
   * request, or a pending one whose link was never mailed, gets `verification` and `mail`, due at
   * `mailAt` (the address's next free slot), or no mail without `mailAt`. `reason` goes into the
   * `received` event.
   */
  later?: { reason: string; mailAt?: Date };
}

/** What a submission may change of a pending request; the latest submission's is what is confirmed. */
export type RequestContent = Pick<PrivacyRequest, 'jurisdiction' | 'details' | 'rectification' | 'locale'>;

export interface SubmitResult {
  /**
   * `created`: a new request. `refreshed`: a pending request of this email hash and type took the
   * submission's content and the new token (its unsent mail, whose link no longer works, is
   * dropped). `amended`: it took the content and kept its token (`later`).
   */
  outcome: 'created' | 'refreshed' | 'amended';
  request: PrivacyRequest;
}

export interface TransitionInput {
  /** Optimistic check: the change applies only if the current status is one of these. */
  from?: readonly RequestStatus[];
  to: Exclude<RequestStatus, 'unverified' | 'verified' | 'extended'>;
  at: Date;
  actor: string;
  /** Kept in the `status` event beside `from` and `to` (e.g. a rejection reason). */
  detail?: unknown;
  mail?: readonly RequestMail[];
}

export interface ListRequestsOptions {
  statuses?: readonly RequestStatus[];
  limit: number;
  offset?: number;
}

/**
 * Privacy requests, their timeline, connected systems' reports and export packages. Every method
 * that changes more than one row does it in one transaction; `mail` and `outbox` rows passed in are
 * written in that transaction too, so an accepted request never loses its email or its webhook.
 * Mail enqueued for a request also appends an `email` event (`{mailId, subject}`).
 */
export interface Requests {
  /**
   * Stores a new unverified request with its verification token, a `received` and (when its link
   * is mailed) a `verification_sent` event. At most one pending verification per (email hash,
   * type): if an unverified request of that pair has a token unexpired at `receivedAt`, that
   * request takes this submission's content (`RequestContent`) with another `received` event
   * (`resubmitted: true`), and the new token hash, expiry and mail with a `verification_sent`
   * event, dropping its pending mail (see `SubmitInput.later` for when it keeps its token).
   */
  submit(input: SubmitInput): Promise<SubmitResult>;
  /** The unverified request whose token hash this is, if the token is unexpired at `now`. */
  byVerificationToken(tokenHash: string, now: Date): Promise<PrivacyRequest | undefined>;
  /**
   * Marks an unverified request with an unexpired token verified, sets its due date, deletes the
   * token (single use) and appends a `verified` event by `requester`. Undefined when the request
   * is not unverified or its token has expired at `at`, e.g. a second click, and with `expect`
   * also when its token or content is no longer the one given (a repeat submission came between).
   */
  verify(
    id: string,
    input: {
      at: Date;
      dueAt: Date;
      mail?: readonly RequestMail[];
      outbox?: readonly NewOutboxMessage[];
      expect?: { tokenHash: string; content: RequestContent };
    },
  ): Promise<PrivacyRequest | undefined>;
  byId(id: string): Promise<PrivacyRequest | undefined>;
  byReference(reference: string): Promise<PrivacyRequest | undefined>;
  /** Most urgent first: due date ascending, requests without one last, then oldest received. */
  list(options: ListRequestsOptions): Promise<PrivacyRequest[]>;
  count(options?: { statuses?: readonly RequestStatus[] }): Promise<number>;
  /** Every request of these email hashes, oldest first. */
  ofEmailHashes(emailHashes: readonly string[]): Promise<PrivacyRequest[]>;
  /**
   * Moves a request to `to` if `canTransition` allows it (and its status is in `from`, if given),
   * with a `status` event `{from, to, detail?}`. Entering `completed` or `rejected` sets
   * `completedAt`. Undefined, and nothing written, when the move is not allowed.
   */
  transition(id: string, input: TransitionInput): Promise<PrivacyRequest | undefined>;
  /**
   * Extends the deadline once: status `extended`, the new due date and the reason, with an
   * `extended` event. Undefined when already extended or the status cannot become `extended`.
   */
  extend(
    id: string,
    input: { dueAt: Date; reason: string; at: Date; actor: string; mail?: readonly RequestMail[] },
  ): Promise<PrivacyRequest | undefined>;
  /** Sets the restriction flag with a `restricted` event `{restricted}`; undefined for an unknown id. */
  setRestricted(
    id: string,
    input: { restricted: boolean; at: Date; actor: string },
  ): Promise<PrivacyRequest | undefined>;
  /** Appends an event (e.g. a note); undefined for an unknown id. */
  addEvent(id: string, event: NewRequestEvent): Promise<RequestEvent | undefined>;
  /** The timeline, oldest first. */
  events(id: string): Promise<RequestEvent[]>;
  /**
   * Upserts a connected system's report with a `system_report` event `{status}` by
   * `system:<system>`. False for an unknown request.
   */
  reportSystem(id: string, report: Omit<SystemReport, 'requestId'>): Promise<boolean>;
  /** By system id. */
  systemReports(id: string): Promise<SystemReport[]>;
  /** Stores (replacing any earlier one) the export with an `export_ready` event. False for an unknown request. */
  saveExport(pkg: ExportPackage, actor: string): Promise<boolean>;
  /** The export if it has not expired at `now`. */
  getExport(id: string, now: Date): Promise<ExportPackage | undefined>;
  /** Deletes exports that expired at or before `now`; returns how many. */
  deleteExpiredExports(now: Date): Promise<number>;
  /** Deletes unverified requests received before `before`, with everything of theirs; returns how many. */
  deleteUnverified(before: Date): Promise<number>;
  /**
   * Reduces requests closed before `before` to proof: drops email, its hash, details,
   * rectification, events' detail, reports' data, the export and unsent mail; keeps id,
   * reference, type, status, jurisdiction, dates and the timeline's who and when. `at` (default
   * now) is the `minimisedAt`. Returns how many.
   */
  minimiseCompleted(before: Date, at?: Date): Promise<number>;
  /**
   * For an erase request: minimises, like `minimiseCompleted`, every other not yet minimised request
   * of these email hashes (whatever its status), and appends an `erased` event `{minimised}` to
   * `keepRequestId`. Returns how many were minimised.
   */
  eraseEmail(
    emailHashes: readonly string[],
    keepRequestId: string,
    input: { at: Date; actor: string },
  ): Promise<number>;
}

/** The most rows one `list` page returns. */
export const REQUEST_PAGE_MAX = 500;

export function clampRequestPage(limit: number): number {
  return Math.min(Math.max(1, Math.floor(limit)), REQUEST_PAGE_MAX);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PR-` and 8 random Crockford base32 characters (40 bits): short to quote, not guessable in sequence. */
export function newRequestReference(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let out = 'PR-';
  for (const b of bytes) out += CROCKFORD.charAt(b & 31);
  return out;
}
