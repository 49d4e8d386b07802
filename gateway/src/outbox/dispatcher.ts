import type { Outbox, OutboxMessage } from '../store/records.ts';
import { createRunLoop, type RunLoop } from './run-loop.ts';
import { signWebhook } from './signature.ts';

export interface WebhookTarget {
  url: string;
  secret: string;
}

type LogFields = { eventId: string; target: string; attempt: number; status?: number; outcome: string };
export interface DispatcherLogger {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: { error: string }, message: string): void;
}

export interface RetryPolicy {
  /** The delay before the second attempt; each later one doubles. Default 30 s. */
  baseMs: number;
  /** The longest delay between two attempts. Default 6 h. */
  maxMs: number;
  /** After this many failed attempts the message is dead. Default 16: retries over about 1–1.5 days. */
  maxAttempts: number;
}

export interface OutboxDispatcherOptions {
  outbox: Outbox;
  /** Webhook id (the outbox `target`) → where to post and the signing secret. */
  targets: ReadonlyMap<string, WebhookTarget>;
  logger: DispatcherLogger;
  fetch?: typeof fetch;
  now?: () => Date;
  /** In [0, 1); drives the jitter. */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Messages read per run. */
  batch?: number;
}

export interface RunResult {
  delivered: number;
  failed: number;
  dead: number;
}

/** Delivers soon on `wake()`, e.g. right after a suppression change wrote outbox rows. */
export type OutboxDispatcher = RunLoop<RunResult>;

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 6 * 3_600_000, maxAttempts: 16 };

/**
 * The delay before the next attempt, after `attempts` failed ones: min(maxMs, baseMs·2^(attempts−1)),
 * times a jitter factor in [0.5, 1) so many failures at once do not all retry together.
 */
export function backoffMs(attempts: number, policy: RetryPolicy, random: () => number): number {
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.5 + 0.5 * random()));
}

/**
 * Delivers the outbox's webhooks: signed POSTs, at least once, with exponential backoff and a
 * dead-letter state. Web-standard APIs only. Never logs an email or a body.
 */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { outbox, targets, logger } = options;
  const send = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batch = options.batch ?? 20;

  async function run(): Promise<RunResult> {
    const result: RunResult = { delivered: 0, failed: 0, dead: 0 };
    const messages = await outbox.due(now(), batch);
    // In order within a target, targets in parallel: one slow receiver does not hold up the others.
    const byTarget = new Map<string, OutboxMessage[]>();
    for (const m of messages) byTarget.set(m.target, [...(byTarget.get(m.target) ?? []), m]);
    const settled = await Promise.allSettled(
      [...byTarget.values()].map(async (queue) => {
        for (const m of queue) result[await deliver(m)]++;
      }),
    );
    // Only a store error lands here (delivery failures are recorded); report it after every queue settled.
    const rejected = settled.find((s) => s.status === 'rejected');
    if (rejected) throw rejected.reason;
    return result;
  }

  async function deliver(m: OutboxMessage): Promise<keyof RunResult> {
    const attempt = m.attempts + 1;
    const fields = { eventId: m.eventId, target: m.target, attempt };
    const target = targets.get(m.target);
    if (!target) return fail(m, `webhook target "${m.target}" is not configured`, fields);
    if (m.email === null) return fail(m, 'message has no email left to send', fields, true);
    const body = JSON.stringify({
      id: m.eventId,
      type: m.type,
      created_at: m.occurredAt.toISOString(),
      // A suppression event carries {email, list, source}; any other event its own data, with the email.
      data: m.data === null ? { email: m.email, list: m.list, source: m.source } : { ...m.data, email: m.email },
    });
    const t = Math.floor(now().getTime() / 1000);
    let status: number;
    try {
      const response = await send(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Candor-Webhooks/1',
          'candor-event-id': m.eventId,
          'candor-event-type': m.type,
          'candor-signature': await signWebhook(target.secret, body, t),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      return fail(m, describeFailure(error, timeoutMs), fields);
    }
    if (status >= 200 && status < 300) {
      await outbox.delivered(m.id, now());
      logger.info({ ...fields, status, outcome: 'delivered' }, 'webhook delivered');
      return 'delivered';
    }
    return fail(m, `HTTP ${status}`, { ...fields, status });
  }

  async function fail(
    m: OutboxMessage,
    error: string,
    fields: Omit<LogFields, 'outcome'>,
    giveUp = false,
  ): Promise<'failed' | 'dead'> {
    const at = now();
    const dead = giveUp || fields.attempt >= policy.maxAttempts;
    const retryAt = dead ? null : new Date(at.getTime() + backoffMs(fields.attempt, policy, random));
    await outbox.failed(m.id, { error, at, retryAt });
    const outcome = dead ? 'dead' : 'failed';
    logger.warn({ ...fields, outcome }, `webhook attempt failed: ${error}`);
    return outcome;
  }

  return createRunLoop(run, (error: unknown) => logger.error({ error: errorName(error) }, 'outbox run failed'));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}

/** A short reason from a fetch failure, e.g. `network error (ECONNREFUSED)`; never the request. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timeout after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? `network error (${cause.code})` : 'network error';
}
