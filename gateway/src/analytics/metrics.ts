/** Why an event was not stored. Bots by kind; the rest are ingest decisions. */
export type DropReason = 'no_user_agent' | 'bot' | 'headless' | 'prefetch' | 'unknown_host' | 'opt_out';

/** Ingest counters, exported by /metrics (issue 8) and shown in the dashboard. */
export class IngestMetrics {
  accepted = 0;
  readonly dropped = new Map<DropReason, number>();
  /** Events refused with 503 because the buffer was full. */
  shed = 0;
  flushes = 0;
  flushFailures = 0;
  lastFlushMs = 0;
  lastFlushEvents = 0;

  drop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }
}
