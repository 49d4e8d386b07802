// Deadline reminders to the privacy team, each once per request and stage. The scheduler runs
// them hourly (`main.ts`); the requests' retention rules live in `retention/enforce.ts`.
import type { ReminderData, ReminderItem } from '../mail/templates/index.ts';
import { CLOSED_STATUSES, type PrivacyRequest, REQUEST_PAGE_MAX, REQUEST_STATUSES } from '../store/records.ts';
import { teamAddresses } from './arrivals.ts';
import { type RequestDeps, requestMail, requestTimeZone } from './context.ts';
import { type ReminderStage, reminderStage } from './deadlines.ts';

/** What the reminders need: no email hashing, so `main.ts` can schedule them beside `createApp`. */
export type RequestJobDeps = Pick<RequestDeps, 'config' | 'records' | 'now' | 'wakeMail'>;

/** Requests a deadline still runs for: verified, not yet closed. */
const OPEN_STATUSES = REQUEST_STATUSES.filter((s) => s !== 'unverified' && !CLOSED_STATUSES.includes(s));

export interface ReminderCounts {
  /** Requests reminded about in this run, by stage. */
  reminders: Record<ReminderStage, number>;
  /** Reminder mails enqueued (one per notify address, when any request was reminded about). */
  reminderMails: number;
}

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
export async function remindDeadlines(deps: RequestJobDeps, { now }: { now: Date }): Promise<ReminderCounts> {
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
  const notify = teamAddresses(config);
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
