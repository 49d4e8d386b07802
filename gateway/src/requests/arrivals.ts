// Telling the privacy team that a request arrived: a mail for each confirmed request (sent in the
// same transaction as the confirmation), or one summary a day (`privacyRequests.arrivals: daily`).
// Staff mail names no requester: the reference, the type, the due date and a link to the admin.
import type { CandorConfig } from '@candor/config';
import type { ReminderItem } from '../mail/templates/index.ts';
import { dayIn, instantOf } from '../reports/dates.ts';
import { type PrivacyRequest, REQUEST_PAGE_MAX, REQUEST_STATUSES, type RequestMail } from '../store/records.ts';
import { type RequestDeps, requestMail, requestTimeZone } from './context.ts';
import type { RequestJobDeps } from './jobs.ts';

/** Where staff mail goes: `privacyRequests.notify`, else the company's privacy contact. */
export function teamAddresses(config: CandorConfig): string[] {
  return config.privacyRequests.notify.length > 0 ? config.privacyRequests.notify : [config.company.privacyContact];
}

/** One mail per team address about these confirmed requests. */
export function arrivalMails(
  deps: Pick<RequestDeps, 'config'>,
  requests: readonly (Pick<PrivacyRequest, 'id' | 'reference' | 'type'> & { dueAt: Date })[],
  daily: boolean,
): RequestMail[] {
  const items = requests.map((r): ReminderItem & { id: string } => ({
    id: r.id,
    reference: r.reference,
    type: r.type,
    dueAt: r.dueAt,
  }));
  const locale = deps.config.locales[0] ?? 'en';
  return teamAddresses(deps.config).map((to) => requestMail(deps, to, locale, 'arrived', { items, daily }));
}

/** The log key of the last daily summary; its value is the instant the summary covered up to. */
export const ARRIVALS_LOG_KEY = 'privacy-requests:arrivals';
/** The daily summary goes out from this hour, site time. */
export const ARRIVALS_HOUR = 8;

/**
 * The daily summary, run hourly by the scheduler: from 08:00 site time, once a day, one mail of the
 * requests confirmed since the last summary (or the last day, on the first run). Mail first, then
 * the log: a crash in between sends the summary again, which costs a glance; the other order could
 * lose it.
 */
export async function summariseArrivals(deps: RequestJobDeps, { now }: { now: Date }) {
  const { config, records } = deps;
  if (config.privacyRequests.arrivals !== 'daily') return { requests: 0, mails: 0 };
  const tz = requestTimeZone(config);
  const today = dayIn(now.getTime(), tz);
  if (now < instantOf(today, ARRIVALS_HOUR, tz)) return { requests: 0, mails: 0 };
  const last = await records.digests.lastSentWeek(ARRIVALS_LOG_KEY);
  if (last !== undefined && dayIn(Date.parse(last), tz) === today) return { requests: 0, mails: 0 };
  const since = last === undefined ? new Date(now.getTime() - 86_400_000) : new Date(last);

  const confirmed: (PrivacyRequest & { dueAt: Date })[] = [];
  const statuses = REQUEST_STATUSES.filter((s) => s !== 'unverified');
  for (let offset = 0; ; offset += REQUEST_PAGE_MAX) {
    const page = await records.requests.list({ statuses, limit: REQUEST_PAGE_MAX, offset });
    for (const r of page) {
      if (r.verifiedAt && r.verifiedAt > since && r.verifiedAt <= now && r.dueAt)
        confirmed.push({ ...r, dueAt: r.dueAt });
    }
    if (page.length < REQUEST_PAGE_MAX) break;
  }
  confirmed.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const mailIds = confirmed.length > 0 ? await records.mailQueue.enqueue(arrivalMails(deps, confirmed, true), now) : [];
  await records.digests.markSent(ARRIVALS_LOG_KEY, now.toISOString(), now);
  if (mailIds.length > 0) deps.wakeMail?.();
  return { requests: confirmed.length, mails: mailIds.length };
}
