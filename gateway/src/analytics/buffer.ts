import type { Logger } from '../log/logger.ts';
import type { AnalyticsEvent, DroppedCount, EventStore } from '../store/events.ts';
import type { DropReason, IngestMetrics } from './metrics.ts';

export interface BufferOptions {
  store: EventStore;
  logger: Logger;
  metrics: IngestMetrics;
  /** How often the scheduler should call `flushDue` (the buffer keeps no timer of its own). */
  flushMs?: number;
  /** Flush as soon as this many events wait. */
  batchSize?: number;
  /** Events held at most (waiting plus in flight); past it `push` refuses and the route sheds load. */
  maxEvents?: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Holds accepted events in memory and writes them to the EventStore in batches. A failed batch
 * stays at the front and is retried with backoff, so nothing accepted is silently lost; the bound
 * turns a store outage into 503s instead of unbounded memory.
 */
export class EventBuffer {
  readonly #store: EventStore;
  readonly #logger: Logger;
  readonly #metrics: IngestMetrics;
  readonly #flushMs: number;
  readonly #batchSize: number;
  readonly #max: number;
  #pending: AnalyticsEvent[] = [];
  #dropped = new Map<string, DroppedCount>();
  #flushing: Promise<void> | undefined;
  #failures = 0;
  #retryAt = 0;

  constructor({ store, logger, metrics, flushMs = 1000, batchSize = 2000, maxEvents = 100_000 }: BufferOptions) {
    this.#store = store;
    this.#logger = logger;
    this.#metrics = metrics;
    this.#flushMs = flushMs;
    this.#batchSize = batchSize;
    this.#max = maxEvents;
  }

  /** The flush interval the scheduler runs `flushDue` at. */
  get flushMs(): number {
    return this.#flushMs;
  }

  get depth(): number {
    return this.#pending.length;
  }

  /** Queues an event; false when the buffer is full (the caller answers 503). */
  push(event: AnalyticsEvent): boolean {
    if (this.#pending.length >= this.#max) return false;
    this.#pending.push(event);
    if (this.#pending.length >= this.#batchSize && !this.#flushing && Date.now() >= this.#retryAt) void this.flush();
    return true;
  }

  /** Counts an event that was not stored, per site, day and reason. */
  countDropped(day: string, site: string, reason: DropReason): void {
    const key = `${day}|${site}|${reason}`;
    const row = this.#dropped.get(key);
    if (row) row.count++;
    else this.#dropped.set(key, { day, site, reason, count: 1 });
  }

  /**
   * The periodic flush, run by the scheduler every `flushMs`: writes what waits, unless a failed
   * write is still backing off. Resolves with the number of events written (0 on failure; the
   * failure is logged and retried).
   */
  async flushDue(): Promise<number> {
    if (Date.now() < this.#retryAt) return 0;
    const before = this.#metrics.flushes;
    await this.flush();
    return this.#metrics.flushes > before ? this.#metrics.lastFlushEvents : 0;
  }

  /** Writes what is waiting. Concurrent calls share the flush in progress. */
  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Writes everything, retrying a few times (used on shutdown, after the scheduler stopped). */
  async drain(attempts = 5): Promise<void> {
    for (let i = 0; i < attempts && (this.#pending.length > 0 || this.#dropped.size > 0 || this.#flushing); i++) {
      await this.flush();
      if (this.#pending.length > 0 && this.#failures > 0) await new Promise((r) => setTimeout(r, 200 * (i + 1)));
    }
    if (this.#pending.length > 0) {
      this.#logger.error({ events: this.#pending.length }, 'events could not be written before shutdown');
    }
  }

  async #write(): Promise<void> {
    const batch = this.#pending.slice(0, this.#batchSize * 5);
    const dropped = [...this.#dropped.values()];
    if (batch.length === 0 && dropped.length === 0) return;
    this.#dropped = new Map();
    const started = performance.now();
    try {
      if (batch.length > 0) await this.#store.insert(batch);
      // Written: only now do they leave the buffer (events pushed meanwhile stay behind them).
      this.#pending.splice(0, batch.length);
      if (dropped.length > 0) await this.#store.addDropped(dropped);
      this.#failures = 0;
      this.#retryAt = 0;
      this.#metrics.flushes++;
      this.#metrics.lastFlushMs = performance.now() - started;
      this.#metrics.lastFlushEvents = batch.length;
    } catch (error) {
      for (const row of dropped) {
        const key = `${row.day}|${row.site}|${row.reason}`;
        const current = this.#dropped.get(key);
        if (current) current.count += row.count;
        else this.#dropped.set(key, row);
      }
      this.#failures++;
      this.#metrics.flushFailures++;
      const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#failures);
      this.#retryAt = Date.now() + backoff;
      this.#logger.error(
        {
          events: batch.length,
          attempt: this.#failures,
          retryInMs: backoff,
          err: { message: (error as Error).message },
        },
        'event flush failed; will retry',
      );
    }
  }
}
