// What each privacy-request mail needs. Dates are instants; they are shown in the context's time zone.
import type { CandorConfig } from '@candor/config';

// The request's own types and statuses, from the store port: a mail can never name one the store lacks.
import type { RequestStatus, RequestType } from '../../store/requests.ts';

export { REQUEST_TYPES, type RequestType } from '../../store/requests.ts';

/**
 * The statuses a requester is told about in a `status` mail: every status of the store's
 * REQUEST_STATUSES but `unverified` (until verified, the requester only gets the confirmation link).
 */
export const NOTIFIED_STATUSES = [
  'verified',
  'in_progress',
  'awaiting_systems',
  'extended',
  'completed',
  'rejected',
] as const satisfies readonly RequestStatus[];
export type NotifiedStatus = (typeof NOTIFIED_STATUSES)[number];

export const MAIL_LOCALES = ['en', 'de'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/** Everything a template needs besides its data; built once per send. */
export interface MailContext {
  /** A BCP 47 tag such as "de" or "de-AT"; anything without a catalog falls back to English. */
  locale: string;
  /** IANA time zone in which dates are shown, e.g. "Europe/Berlin". */
  timeZone: string;
  /** The public origin links point to, e.g. "https://www.example.com" (no trailing path). */
  baseUrl: string;
  company: CandorConfig['company'];
}

export interface VerifyData {
  type: RequestType;
  /** The verification token; the link is `<baseUrl>/privacy-requests/verify/<token>`. */
  token: string;
  /** When the link stops working (24 h after the request). */
  expiresAt: Date;
}

export interface ReceiptData {
  reference: string;
  type: RequestType;
  receivedAt: Date;
  dueAt: Date;
}

export interface StatusData {
  reference: string;
  type: RequestType;
  status: NotifiedStatus;
}

export interface ExtensionData {
  reference: string;
  type: RequestType;
  dueAt: Date;
  /** Why more time is needed, written by staff (Art. 12(3)). */
  reason: string;
}

export interface DownloadLink {
  /** An absolute http(s) URL to the export package. */
  url: string;
  /** When the package is deleted (7 days after completion). */
  expiresAt: Date;
}

/** Access and portability carry a download; the other types do not. */
export type CompletedData =
  | { reference: string; type: 'access' | 'port'; download: DownloadLink }
  | { reference: string; type: Exclude<RequestType, 'access' | 'port'> };

/** The download code, in a mail of its own: a forwarded or scanned completion mail does not open the package. */
export interface DownloadCodeData {
  reference: string;
  code: string;
  expiresAt: Date;
}

export interface RejectedData {
  reference: string;
  type: RequestType;
  /** Why the request is not acted on, written by staff (Art. 12(4)). At least one. */
  reasons: string[];
}

export interface ReminderItem {
  reference: string;
  type: RequestType;
  dueAt: Date;
}

/** For the privacy team: open requests by urgency. Empty groups are left out of the mail. */
/** Newly confirmed requests, for the privacy team: no requester's address, only what to act on. */
export interface ArrivedData {
  items: (ReminderItem & { id: string })[];
  /** A daily summary (`privacyRequests.arrivals: daily`) rather than one request's mail. */
  daily: boolean;
}

export interface ReminderData {
  overdue: ReminderItem[];
  dueIn2Days: ReminderItem[];
  dueIn7Days: ReminderItem[];
}

export interface TemplateData {
  verify: VerifyData;
  receipt: ReceiptData;
  status: StatusData;
  extension: ExtensionData;
  completed: CompletedData;
  download_code: DownloadCodeData;
  rejected: RejectedData;
  reminder: ReminderData;
  arrived: ArrivedData;
}
export type TemplateName = keyof TemplateData;

/** A rendered mail, ready for `MailTransport.send` once `to` is added. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * A mail's content as blocks, so that text and HTML come from one source and every value is
 * escaped in one place (`render.ts`). Locales return this; they never write HTML.
 */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  /** A button in HTML; label and URL on their own lines in text. */
  | { kind: 'link'; label: string; url: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'list'; items: string[] };

export interface MailContent {
  subject: string;
  blocks: Block[];
}

/** What a locale's templates are given to format values. */
export interface Helpers {
  date(at: Date): string;
  dateTime(at: Date): string;
  type(type: RequestType): string;
  /** An absolute URL on the public origin, e.g. `url('/admin/requests')`. */
  url(path: string): string;
  company: CandorConfig['company'];
}

export type Templates = { [K in TemplateName]: (data: TemplateData[K], h: Helpers) => MailContent };

/** One language: its Intl tag, names and templates. */
export interface Catalog extends Templates {
  intl: string;
  types: Record<RequestType, string>;
  statuses: Record<NotifiedStatus, string>;
  footer: { contact: string; website: string; reason: string };
}
