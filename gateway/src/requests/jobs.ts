// The privacy requests' housekeeping, run hourly: retention (delete or minimise what has served
// its purpose) and deadline reminders to the privacy team, each reminder once per request and stage.
import type { ReminderData, ReminderItem } from '../mail/templates/index.ts';
import { CLOSED_STATUSES, type PrivacyRequest, REQUEST_PAGE_MAX, REQUEST_STATUSES } from '../store/records.ts';
import { type RequestDeps, requestMail, requestTimeZone } from './context.ts';
import { type ReminderStage, reminderStage } from './deadlines.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Sent mail rows (already without address and body) are kept this long for the admin's mail log. */
export const SENT_MAIL_DAYS = 30;

/** What the jobs need: no email hashing, so `main.ts` can start them beside `createApp`. */
export type RequestJobDeps = Pick<RequestDeps, 'config' | 'records' | 'now' | 'wakeMail'>;

/** Requests a deadline still runs for: verified, not yet closed. */
const OPEN_STATUSES = REQUEST_STATUSES.filter((s) => s !== 'unverified' && !CLOSED_STATUSES.includes(s));

export interface RequestJobCounts {
  unverifiedDeleted: number;
  requestsMinimised: number;
  exportsDeleted: number;
  sentMailPurged: number;
  /** Requests reminded about in this run, by stage. */
  reminders: Record<ReminderStage, number>;
  /** Reminder mails enqueued (one per notify address, when any request was reminded about). */
  reminderMails: number;
}

/** One pass: retention first, then reminders. Safe to repeat: a second run at the same time changes nothing. */
export async function runRequestJobs(deps: RequestJobDeps, { now }: { now: Date }): Promise<RequestJobCounts> {
  const { retention } = deps.config;
  const store = deps.records;
  const unverifiedDeleted = await store.requests.deleteUnverified(ago(now, retention.unverifiedRequestsDays));
  const requestsMinimised = await store.requests.minimiseCompleted(ago(now, retention.completedRequestsDays), now);
  const exportsDeleted = await store.requests.deleteExpiredExports(now);
  const sentMailPurged = await store.mailQueue.purgeSent(ago(now, SENT_MAIL_DAYS));
  return { unverifiedDeleted, requestsMinimised, exportsDeleted, sentMailPurged, ...(await remind(deps, now)) };
}

const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

interface Due {
  request: PrivacyRequest;
  stage: ReminderStage;
}

/**
 * Mails the privacy team about requests that entered a reminder stage (7 days, 2 days, overdue)
 * and were not yet reminded about for it. The reminder is recorded as an `email` event
 * `{reminder: stage, subject, mailIds}` on each request: the next run reads it and skips.
 *
 * Order, as the store has no call that writes both: mail first, then the events. A crash in
 * between sends that reminder again on the next run; the other order could lose it. A duplicate
 * reminder costs a glance, a lost one a missed legal deadline.
 */
async function remind(deps: RequestJobDeps, now: Date): Promise<Pick<RequestJobCounts, 'reminders' | 'reminderMails'>> {
  const reminders: Record<ReminderStage, number> = { '7d': 0, '2d': 0, overdue: 0 };
  const due: Due[] = [];
  for (const { request, stage } of await inStages(deps, now)) {
    const events = await deps.records.requests.events(request.id);
    const sent = events.some(
      (e) => e.kind === 'email' && (e.detail as { reminder?: unknown } | null)?.reminder === stage,
    );
    if (!sent) due.push({ request, stage });
  }
  if (due.length === 0) return { reminders, reminderMails: 0 };

  const item = ({ request }: Due): ReminderItem => ({
    reference: request.reference,
    type: request.type,
    dueAt: request.dueAt ?? now,
  });
  const of = (stage: ReminderStage) => due.filter((d) => d.stage === stage).map(item);
  const data: ReminderData = { overdue: of('overdue'), dueIn2Days: of('2d'), dueIn7Days: of('7d') };
  const { config } = deps;
  const notify =
    config.privacyRequests.notify.length > 0 ? config.privacyRequests.notify : [config.company.privacyContact];
  const locale = config.locales[0] ?? 'en';
  const mails = notify.map((to) => requestMail(deps, to, locale, 'reminder', data));
  const mailIds = await deps.records.mailQueue.enqueue(mails, now);
  const subject = mails[0]?.subject ?? '';
  for (const { request, stage } of due) {
    await deps.records.requests.addEvent(request.id, {
      at: now,
      actor: 'system',
      kind: 'email',
      detail: { reminder: stage, subject, mailIds },
    });
    reminders[stage]++;
  }
  deps.wakeMail?.();
  return { reminders, reminderMails: mailIds.length };
}

/** Open requests with a reminder stage at `now`. The list is sorted by due date, so it stops at the first without one. */
async function inStages(deps: RequestJobDeps, now: Date): Promise<Due[]> {
  const tz = requestTimeZone(deps.config);
  const found: Due[] = [];
  for (let offset = 0; ; offset += REQUEST_PAGE_MAX) {
    const page = await deps.records.requests.list({ statuses: OPEN_STATUSES, limit: REQUEST_PAGE_MAX, offset });
    for (const request of page) {
      const stage = request.dueAt ? reminderStage(request.dueAt, now, tz) : undefined;
      if (!stage) return found;
      found.push({ request, stage });
    }
    if (page.length < REQUEST_PAGE_MAX) return found;
  }
}

/** The fields the jobs log: counts and error names, never an address or a reference. */
export interface JobLogger {
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface RequestJobs {
  /** Runs now, unless a run is in flight (then it resolves to undefined). Errors are logged, not thrown. */
  run(): Promise<RequestJobCounts | undefined>;
  /** Stops the timers and waits for the run in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `runRequestJobs` every `intervalMs` (default 1 h), first after `firstRunMs` (default
 * 10 s, so start-up is not slowed). Timers are unref'd; runs never overlap; a failure is logged
 * with the error's name and code only, and retried on the next tick.
 */
export function startRequestJobs(
  deps: RequestJobDeps & { logger: JobLogger },
  { intervalMs = HOUR_MS, firstRunMs = 10_000 }: { intervalMs?: number; firstRunMs?: number } = {},
): RequestJobs {
  let current: Promise<RequestJobCounts | undefined> | undefined;

  const run = (): Promise<RequestJobCounts | undefined> => {
    if (current) return Promise.resolve(undefined);
    current = runRequestJobs(deps, { now: new Date(deps.now()) })
      .then((counts) => {
        const { reminders, ...rest } = counts;
        const busy = [...Object.values(rest), ...Object.values(reminders)].some((n) => n > 0);
        // An idle hour is not worth an info line.
        if (busy) deps.logger.info(counts, 'privacy request jobs ran');
        else deps.logger.debug(counts, 'privacy request jobs ran');
        return counts;
      })
      .catch((error: unknown) => {
        const err = error instanceof Error ? { name: error.name, code: (error as { code?: unknown }).code } : {};
        deps.logger.error({ err }, 'privacy request jobs failed; retrying next run');
        return undefined;
      })
      .finally(() => {
        current = undefined;
      });
    return current;
  };

  const first = setTimeout(() => void run(), firstRunMs);
  const timer = setInterval(() => void run(), intervalMs);
  first.unref?.();
  timer.unref?.();
  return {
    run,
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await current;
    },
  };
}
