/**
 * EventStore: anonymous analytics events only. Nothing here may identify a person: no IP, no
 * user agent, no visitor hash. Events arrive in batches from the ingest buffer.
 */
export interface EventStore {
  /** Appends one batch atomically: either every event is stored or none is (and it throws). */
  insert(events: readonly AnalyticsEvent[]): Promise<void>;
  count(): Promise<number>;
  /** Adds to the per-day counts of events that were not stored (bots, unknown hosts). */
  addDropped(counts: readonly DroppedCount[]): Promise<void>;
  /** Retention: deletes the analytics older than `before` (whole visits); returns what went. */
  deleteBefore(before: Date): Promise<ExpiredEvents>;
  /**
   * Resolves when the store is open and answers a read; rejects otherwise. Writes nothing and does
   * not wait behind inserts.
   */
  ping(): Promise<void>;
  /** Checkpoints and closes. */
  close(): Promise<void>;
}

/** Rows removed by one retention run. */
export interface ExpiredEvents {
  events: number;
  visits: number;
  visitPages: number;
  droppedCounts: number;
}

/** One stored event: exactly the columns the privacy rules allow, nothing else. */
export interface AnalyticsEvent {
  time: Date;
  site: string;
  /** `pageview`, `engagement`, or a custom event name such as `Signup`. */
  name: string;
  path: string;
  /** A named source ("Google", "Newsletter") or a normalised referrer host; '' for direct. */
  source: string;
  referrerHost: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmTerm: string;
  utmContent: string;
  /** ISO 3166-1 alpha-2, or '' when unknown. */
  country: string;
  browser: string;
  browserVersion: string;
  os: string;
  device: 'desktop' | 'mobile' | 'tablet' | '';
  /** Random per visit; unrelated to any visitor property. */
  sessionId: string;
  /** True for the visitor's first event of the site's day, so daily uniques need no identifier. */
  firstOfDay: boolean;
  engagedMs: number;
  /** Custom properties, string values only. */
  props: Record<string, string>;
}

/** How many events of one site and day were dropped for one reason. */
export interface DroppedCount {
  /** YYYY-MM-DD in the site's time zone. */
  day: string;
  site: string;
  reason: string;
  count: number;
}
