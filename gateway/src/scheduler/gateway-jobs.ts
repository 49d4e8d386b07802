import type { CandorConfig } from '@candor/config';
import type { Analytics } from '../analytics/index.ts';
import type { MailTransport } from '../mail/port.ts';
import type { OutboxDispatcher } from '../outbox/dispatcher.ts';
import { sendWeeklyDigests } from '../reports/digest.ts';
import type { StatsStore } from '../reports/port.ts';
import { createReports } from '../reports/service.ts';
import { summariseArrivals } from '../requests/arrivals.ts';
import { remindDeadlines } from '../requests/jobs.ts';
import type { MailDispatcher } from '../requests/mail-dispatcher.ts';
import { enforceRetention } from '../retention/enforce.ts';
import type { DuckDbEventStore } from '../store/duckdb/events.ts';
import type { RecordStore } from '../store/records.ts';
import type { Scheduler } from './scheduler.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface GatewayJobDeps {
  config: CandorConfig;
  records: RecordStore;
  events: Pick<DuckDbEventStore, 'seal' | 'deleteBefore'>;
  analytics: Analytics;
  outbox: OutboxDispatcher;
  mailQueue: MailDispatcher;
  stats: StatsStore;
  mail: MailTransport;
  /** The admin's session idle timeout: idle sessions past it are deleted by the retention job. */
  sessionIdleMs: number;
  /** Signs the digest's "stop" links (`deriveKey(secret, DIGEST_KEY_PURPOSE)`). */
  digestKey?: Uint8Array;
  now: () => number;
}

/**
 * Every periodic job of the running gateway, on the one scheduler. The dispatchers also deliver
 * at once when woken by a new message; the scheduler's runs retry what is due. Hourly jobs start
 * a few seconds after start-up so they do not slow it.
 */
export function scheduleGatewayJobs(scheduler: Scheduler, deps: GatewayJobDeps): void {
  const { analytics, config } = deps;
  scheduler.add({
    name: 'analytics.flush',
    description: 'Writes buffered analytics events to the event store.',
    everyMs: analytics.buffer.flushMs,
    firstAfterMs: analytics.buffer.flushMs,
    logLevel: 'debug',
    run: async () => ({ events: await analytics.buffer.flushDue() }),
  });
  scheduler.add({
    name: 'analytics.salts',
    description: 'Forgets the daily visitor salts of past days, so yesterday’s visitors cannot be recognised.',
    everyMs: MINUTE,
    run: () => ({ dropped: analytics.rotateSalts() }),
  });
  scheduler.add({
    name: 'visits.seal',
    description: 'Turns visits idle for 35 minutes into one row each, for fast reports.',
    everyMs: MINUTE,
    firstAfterMs: MINUTE,
    logLevel: 'debug',
    run: async (now) => {
      await deps.events.seal(now);
      return undefined;
    },
  });
  scheduler.add({
    name: 'outbox.deliver',
    description: 'Delivers signed webhooks to connected systems, retrying with backoff.',
    everyMs: 5 * SECOND,
    logLevel: 'debug',
    run: async () => ({ ...(await deps.outbox.runOnce()) }),
  });
  scheduler.add({
    name: 'mail.deliver',
    description: 'Sends queued email (verification, receipts, replies, reminders), retrying with backoff.',
    everyMs: 5 * SECOND,
    logLevel: 'debug',
    run: async () => ({ ...(await deps.mailQueue.runOnce()) }),
  });
  scheduler.add({
    name: 'requests.reminders',
    description: 'Reminds the privacy team of requests due in 7 days, in 2 days, or overdue.',
    everyMs: HOUR,
    firstAfterMs: 10 * SECOND,
    run: async (now) => {
      const { reminders, reminderMails } = await remindDeadlines(
        { config, records: deps.records, now: deps.now, wakeMail: deps.mailQueue.wake },
        { now },
      );
      return { ...reminders, mails: reminderMails };
    },
  });
  scheduler.add({
    name: 'requests.arrivals',
    description:
      'With privacyRequests.arrivals: daily, mails the team one summary of newly confirmed requests from 08:00.',
    everyMs: HOUR,
    firstAfterMs: 15 * SECOND,
    run: async (now) => ({
      ...(await summariseArrivals(
        { config, records: deps.records, now: deps.now, wakeMail: deps.mailQueue.wake },
        { now },
      )),
    }),
  });
  scheduler.add({
    name: 'retention',
    description: 'Deletes or minimises what has outlived its retention period, in both stores.',
    everyMs: HOUR,
    firstAfterMs: 20 * SECOND,
    run: async (now) => ({
      ...(await enforceRetention(
        { retention: config.retention, records: deps.records, events: deps.events, sessionIdleMs: deps.sessionIdleMs },
        now,
      )),
    }),
  });
  const reports = createReports(deps.stats);
  scheduler.add({
    name: 'digest.weekly',
    description: 'Mails the weekly report digest on Monday 08:00 site time to staff who opted in.',
    everyMs: HOUR,
    firstAfterMs: 10 * SECOND,
    run: async (now) => ({
      sent: await sendWeeklyDigests({
        config,
        records: deps.records,
        reports,
        mail: deps.mail,
        now: now.getTime(),
        digestKey: deps.digestKey,
      }),
    }),
  });
}
