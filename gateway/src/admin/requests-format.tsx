// Words and dates of the request pages. Dates are shown in the site's time zone, where deadlines run.
import { daysLeft } from '../requests/deadlines.ts';
import { CLOSED_STATUSES, type PrivacyRequest, type RequestStatus, type RequestType } from '../store/records.ts';

/** What completing a request does, by type; the admin spells it out beside the button. */
export const COMPLETION_EFFECTS: Record<RequestType, string> = {
  access:
    'Builds the data package (Candor’s own records and every connected system’s report), stores it for download, and emails the requester the link and a one-time code.',
  port: 'Builds the data package in CSV and JSON (Candor’s own records and every connected system’s report), stores it for download, and emails the requester the link and a one-time code.',
  erase:
    'Minimises the requester’s other privacy requests (drops the address, details, notes and reports) and keeps only the suppression hash, so no marketing email is sent again; then emails the requester that it is done.',
  object:
    'Suppresses the address for all marketing email (connected systems are told by webhook) and emails the requester that it is done.',
  restrict: 'Marks the request restricted and emails the requester that it is done.',
  rectify:
    'Records your description of the corrections on the timeline and emails the requester that it is done. Make the corrections first.',
};

export const TYPE_LABELS: Record<RequestType, string> = {
  access: 'Access (Art. 15)',
  rectify: 'Rectification (Art. 16)',
  erase: 'Erasure (Art. 17)',
  restrict: 'Restriction (Art. 18)',
  port: 'Portability (Art. 20)',
  object: 'Objection (Art. 21)',
};

export const STATUS_LABELS: Record<RequestStatus, string> = {
  unverified: 'Unconfirmed',
  verified: 'Confirmed, not started',
  in_progress: 'In progress',
  awaiting_systems: 'Waiting for systems',
  extended: 'Extended',
  completed: 'Completed',
  rejected: 'Rejected',
};

/** "3 Mar 2026" in `tz`. */
export function day(d: Date | null, tz: string): string {
  return d === null ? '—' : new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: tz }).format(d);
}

/** "3 Mar 2026, 10:15" in `tz`. */
export function dateTime(d: Date | null, tz: string): string {
  return d === null
    ? '—'
    : new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(d);
}

export interface Urgency {
  text: string;
  overdue: boolean;
}

/** How much time is left, in words: overdue is said, not only coloured. */
export function urgency(request: PrivacyRequest, now: Date, tz: string): Urgency {
  if (CLOSED_STATUSES.includes(request.status)) return { text: 'Answered', overdue: false };
  if (request.dueAt === null) return { text: 'Not running until confirmed', overdue: false };
  const left = daysLeft(request.dueAt, now, tz);
  if (now.getTime() > request.dueAt.getTime()) {
    const late = Math.max(1, -left);
    return { text: `Overdue by ${late} ${late === 1 ? 'day' : 'days'}`, overdue: true };
  }
  if (left === 0) return { text: 'Due today', overdue: false };
  return { text: `${left} ${left === 1 ? 'day' : 'days'} left`, overdue: false };
}

/** Bytes of a value as JSON, in words. */
export function jsonSize(value: unknown): string {
  if (value === null || value === undefined) return 'no data';
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}
