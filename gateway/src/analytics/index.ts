import type { CandorConfig } from '@candor/config';
import type { Logger } from '../log/logger.ts';
import { createMemoryRateLimiter } from '../middleware/rate-limit/limiter.ts';
import type { EventStore } from '../store/events.ts';
import { EventBuffer } from './buffer.ts';
import { createCollect } from './collect.ts';
import { createDayOf } from './day.ts';
import type { CountryLookup } from './enrich/index.ts';
import { createIngest } from './ingest.ts';
import { IngestMetrics } from './metrics.ts';
import { type Hasher, Visitors } from './visitors.ts';

export interface AnalyticsOptions {
  config: CandorConfig;
  store: EventStore;
  logger: Logger;
  /** One-way hash for visitor keys (Node: SHA-256). */
  hash: Hasher;
  country: CountryLookup;
  now?: () => number;
  allowClientTime?: boolean;
  buffer?: { flushMs?: number; batchSize?: number; maxEvents?: number };
  maxVisitors?: number;
}

/** Page views and events from one address a minute (an office behind one NAT is many people). */
export const EVENTS_PER_MINUTE = 1200;

export type Analytics = ReturnType<typeof createAnalytics>;

/** The ingest pipeline and its moving parts, built once by the composition root (or a test). */
export function createAnalytics(options: AnalyticsOptions) {
  const now = options.now ?? Date.now;
  const metrics = new IngestMetrics();
  const buffer = new EventBuffer({ store: options.store, logger: options.logger, metrics, ...options.buffer });
  const visitors = new Visitors({ hash: options.hash, maxVisitors: options.maxVisitors });
  const ingest = createIngest({
    config: options.config,
    buffer,
    visitors,
    metrics,
    country: options.country,
    now,
    allowClientTime: options.allowClientTime,
  });
  const collect = createCollect({
    ingest,
    limiter: createMemoryRateLimiter({ capacity: EVENTS_PER_MINUTE, perMinute: EVENTS_PER_MINUTE }),
  });
  const dayOf = new Map(options.config.sites.map((s) => [s.id, createDayOf(s.timezone)]));

  return {
    collect,
    buffer,
    visitors,
    metrics,
    /**
     * Drops the salts of days before yesterday, so no visitor of those days can be recognised
     * again; run every minute by the scheduler. Returns how many were dropped.
     */
    rotateSalts(): number {
      const before = visitors.salts.size;
      visitors.salts.rotate(new Map([...dayOf].map(([site, f]) => [site, f(now())])));
      return before - visitors.salts.size;
    },
    /** Writes every buffered event (shutdown, after the scheduler stopped). */
    async stop() {
      await buffer.drain();
    },
  };
}
