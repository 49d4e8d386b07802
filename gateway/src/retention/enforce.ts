// The retention rules of `config.retention`, enforced: one pass deletes (or minimises) whatever
// has outlived its period in both stores. The scheduler runs it hourly and shows what it removed.
import type { Retention } from '@candor/config';
import type { EventStore } from '../store/events.ts';
import type { RecordStore } from '../store/records.ts';

const DAY_MS = 86_400_000;

export interface RetentionDeps {
  retention: Retention;
  records: RecordStore;
  events: Pick<EventStore, 'deleteBefore'>;
  /** Staff sessions idle this long are deleted (the admin's idle timeout). */
  sessionIdleMs: number;
}

/** Rows removed (or minimised) by one pass, per table and rule. Every key is always present. */
export interface RetentionCounts {
  consent_records: number;
  consent_notices: number;
  login_log: number;
  audit_log: number;
  sessions: number;
  outbox: number;
  privacy_requests_unverified: number;
  privacy_requests_minimised: number;
  privacy_request_exports: number;
  mail_queue: number;
  events: number;
  visits: number;
  visit_pages: number;
  dropped_events: number;
}

/**
 * One pass at `now`. Safe to repeat: a second pass at the same time removes nothing. Each rule
 * runs even when an earlier one failed; the first failure is rethrown at the end, so the job shows
 * as failed while the other rules still did their work.
 */
export async function enforceRetention(deps: RetentionDeps, now: Date): Promise<RetentionCounts> {
  const { retention: r, records } = deps;
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  let failure: unknown;
  const attempt = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      failure ??= error;
      return fallback;
    }
  };
  const count = (work: () => Promise<number>) => attempt(work, 0);
  const mailCutoff = ago(r.sentMailDays);

  const counts: RetentionCounts = {
    consent_records: await count(() => records.consent.deleteBefore(ago(r.consentRecordsDays))),
    // After the records: a notice goes only once nothing kept cites it.
    consent_notices: await count(() => records.notices.deleteUncitedBefore(ago(r.consentRecordsDays))),
    login_log: await count(() => records.loginLog.deleteBefore(ago(r.loginLogDays))),
    audit_log: await count(() => records.audit.deleteBefore(ago(r.auditLogDays))),
    sessions: await count(() => records.sessions.deleteStale(now, new Date(now.getTime() - deps.sessionIdleMs))),
    outbox: await count(() => records.outbox.purgeDelivered(ago(r.deliveredWebhooksDays))),
    privacy_requests_unverified: await count(() => records.requests.deleteUnverified(ago(r.unverifiedRequestsDays))),
    privacy_requests_minimised: await count(() =>
      records.requests.minimiseCompleted(ago(r.completedRequestsDays), now),
    ),
    privacy_request_exports: await count(() => records.requests.deleteExpiredExports(now)),
    mail_queue: await count(
      async () => (await records.mailQueue.purgeSent(mailCutoff)) + (await records.mailQueue.purgeDead(mailCutoff)),
    ),
    events: 0,
    visits: 0,
    visit_pages: 0,
    dropped_events: 0,
  };
  const expired = await attempt(() => deps.events.deleteBefore(ago(r.analyticsEventsDays)), undefined);
  if (expired) {
    counts.events = expired.events;
    counts.visits = expired.visits;
    counts.visit_pages = expired.visitPages;
    counts.dropped_events = expired.droppedCounts;
  }
  if (failure !== undefined) throw failure;
  return counts;
}

/**
 * Which counts of a pass belong to each retention setting: the data inventory shows what each
 * rule removed. Typed by the settings, so a new setting cannot be added without saying where it
 * is enforced.
 */
export const COUNTS_BY_SETTING: Record<keyof Retention, readonly (keyof RetentionCounts)[]> = {
  consentRecordsDays: ['consent_records', 'consent_notices'],
  analyticsEventsDays: ['events', 'visits', 'visit_pages', 'dropped_events'],
  completedRequestsDays: ['privacy_requests_minimised'],
  unverifiedRequestsDays: ['privacy_requests_unverified'],
  exportPackageDays: ['privacy_request_exports'],
  loginLogDays: ['login_log'],
  auditLogDays: ['audit_log'],
  deliveredWebhooksDays: ['outbox'],
  sentMailDays: ['mail_queue'],
};
