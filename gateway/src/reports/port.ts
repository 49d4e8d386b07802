/**
 * StatsStore: the read side of the analytics events, one method per report. It answers raw
 * counts; `metrics.ts` derives the rates and averages, so every adapter rounds alike.
 */
export interface StatsStore {
  /** Totals over the visits of the range that pass the filters. */
  summary(q: ReportQuery): Promise<Totals>;
  /** Totals per bucket; each visit counts in the bucket in which its entry pageview falls. */
  timeseries(q: TimeseriesQuery): Promise<TimeseriesRow[]>;
  /** One row per value of a property, best first (visitors, then visits, then value). */
  breakdown(q: BreakdownQuery): Promise<BreakdownRow[]>;
  /** Visits (distinct session ids) with an event in the 5 minutes up to `now`. */
  realtime(site: string, now: Date): Promise<number>;
  /** Events not stored (bots, prefetches) per reason, for the days of the range. */
  botCounts(q: DayRange): Promise<DroppedTotals>;
  /** Closes what the store opened; the EventStore it reads from stays open. */
  close(): Promise<void>;
}

/** The dimensions a filter may name. Session-level ones are read from the visit's entry pageview. */
export const SESSION_DIMENSIONS = [
  'entry_page',
  'exit_page',
  'source',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'browser',
  'browser_version',
  'os',
  'device',
] as const;
/** Event-level dimensions: a filter selects the visits that have (or never have) such an event. */
export const EVENT_DIMENSIONS = ['page', 'event'] as const;
export type SessionDimension = (typeof SESSION_DIMENSIONS)[number];
export type EventDimension = (typeof EVENT_DIMENSIONS)[number];
export type Dimension = SessionDimension | EventDimension;

export interface Filter {
  dimension: Dimension;
  /** `is`: the value is one of `values`; `is_not`: it is none of them. */
  op: 'is' | 'is_not';
  values: string[];
}

/** A conversion goal: a custom event name, or a page path viewed. */
export type Goal = { kind: 'event'; name: string } | { kind: 'page'; path: string };

/** Calendar days in a time zone and the UTC instants that bound them: [start, end). */
export interface DayRange {
  site: string;
  /** YYYY-MM-DD, inclusive, in `tz`. */
  from: string;
  to: string;
  tz: string;
  start: Date;
  end: Date;
}

export interface ReportQuery extends DayRange {
  filters: Filter[];
  goal?: Goal | undefined;
}

export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface TimeseriesQuery extends ReportQuery {
  /** UTC instants at which the buckets begin, ascending and distinct; the first is `start`. */
  bucketStarts: Date[];
}

/**
 * A breakdown: a session-level dimension, `page`, `event`, or one prop of one event (`prop`),
 * which is also how outbound links, downloads and 404 paths are broken down.
 */
export type Breakdown =
  | { kind: 'session'; dimension: SessionDimension }
  | { kind: 'page' }
  | { kind: 'event' }
  | { kind: 'prop'; event: string; key: string };

export interface BreakdownQuery extends ReportQuery {
  breakdown: Breakdown;
  limit: number;
  offset: number;
  /** Only these values (for the comparison rows of a breakdown page); limit and offset then unused. */
  values?: string[] | undefined;
}

/** Raw counts; the stable metrics are derived from them by `metrics.ts`. */
export interface Totals {
  /** Sum over the visits of their first-of-day events: daily unique visitors, summed over days. */
  visitors: number;
  /** Sessions with at least one pageview in the range. */
  visits: number;
  /** Pageviews of those visits (only of the filtered pages under a `page` filter). */
  pageviews: number;
  /** Visits with exactly one pageview. */
  bounces: number;
  /** Engaged milliseconds summed over every event of those visits. */
  engagedMs: number;
  /** Custom events (neither `pageview` nor `engagement`) of those visits. */
  events: number;
  /** Visits that reached the goal; 0 without a goal. */
  conversions: number;
}

export interface TimeseriesRow extends Totals {
  bucketStart: Date;
}

export interface BreakdownRow extends Totals {
  value: string;
  /** Page breakdown only: engaged ms of the `engagement` events of this page. */
  pageEngagedMs: number;
}

export interface DroppedTotals {
  total: number;
  reasons: Record<string, number>;
}
