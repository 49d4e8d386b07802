import type { MailMessage } from '../mail/port.ts';
import { backoffMs, DEFAULT_RETRY, type RetryPolicy } from '../outbox/dispatcher.ts';
import { createRunLoop, type RunLoop } from '../outbox/run-loop.ts';
import type { DueMail, MailQueue } from '../store/records.ts';

type LogFields = { mailId: number; attempt: number; outcome: string; error?: string };
export interface MailDispatcherLogger {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: { error: string }, message: string): void;
}

export interface MailDispatcherOptions {
  queue: MailQueue;
  /** The mail transport (file or SMTP); only `send` is used. */
  transport: { send(message: MailMessage): Promise<unknown> };
  logger: MailDispatcherLogger;
  now?: () => Date;
  /** In [0, 1); drives the jitter. */
  random?: () => number;
  /** Defaults as for webhooks: 30 s doubling to 6 h, dead after 16 attempts (about 1–1.5 days). */
  retry?: Partial<RetryPolicy>;
  /** Messages read per run. */
  batch?: number;
}

export interface MailRunResult {
  sent: number;
  failed: number;
  dead: number;
}

/** Sends soon on `wake()`, e.g. right after a request change enqueued mail; one message at a time. */
export type MailDispatcher = RunLoop<MailRunResult>;

/**
 * Sends the mail queue's messages through the transport, at least once, with backoff and a
 * dead-letter state, like the webhook dispatcher. Logs the mail id, attempt and outcome only:
 * never an address, a subject or a body, and of a transport error only its name and code, since
 * SMTP replies often quote the recipient.
 */
export function createMailDispatcher(options: MailDispatcherOptions): MailDispatcher {
  const { queue, transport, logger } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const batch = options.batch ?? 20;

  async function run(): Promise<MailRunResult> {
    const result: MailRunResult = { sent: 0, failed: 0, dead: 0 };
    // One at a time: a mail server is one connection, and order within the queue is kept.
    for (const m of await queue.due(now(), batch)) result[await deliver(m)]++;
    return result;
  }

  async function deliver(m: DueMail): Promise<keyof MailRunResult> {
    const attempt = m.attempts + 1;
    try {
      await transport.send({ to: m.to, subject: m.subject, text: m.text, html: m.html });
    } catch (error) {
      const at = now();
      const reason = describeError(error);
      const dead = attempt >= policy.maxAttempts;
      const retryAt = dead ? null : new Date(at.getTime() + backoffMs(attempt, policy, random));
      await queue.failed(m.id, { error: reason, at, retryAt });
      const outcome = dead ? 'dead' : 'failed';
      logger.warn({ mailId: m.id, attempt, outcome, error: reason }, 'mail attempt failed');
      return outcome;
    }
    await queue.sent(m.id, now());
    logger.info({ mailId: m.id, attempt, outcome: 'sent' }, 'mail sent');
    return 'sent';
  }

  return createRunLoop(run, (error: unknown) => logger.error({ error: describeError(error) }, 'mail queue run failed'));
}

/** `Error (ECONNREFUSED)`-style: the error's name and code, never its message. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' || typeof code === 'number' ? `${error.name} (${code})` : error.name;
}
