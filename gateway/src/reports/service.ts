import { type Bucket, bucketsOf, distinctStarts } from './buckets.ts';
import { formatFilters } from './filters.ts';
import { type BreakdownRecord, breakdownColumns, breakdownRecord, type Metrics, metricsOf } from './metrics.ts';
import type { StatsQuery } from './params.ts';
import type { BreakdownRow, DayRange, DroppedTotals, StatsStore, Totals } from './port.ts';

/** What every report echoes: the resolved site, days and zone, and the filters as applied. */
export interface ReportMeta {
  site: string;
  from: string;
  to: string;
  tz: string;
  filters: string;
  goal: string | null;
}

export interface Period<T> {
  from: string;
  to: string;
  results: T;
}

export interface SummaryReport extends ReportMeta {
  results: Metrics;
  comparison?: Period<Metrics>;
  /** Events not counted for this site on the days of the range (bots, prefetches); not filtered. */
  dropped_events: DroppedTotals;
}

export type TimeseriesPoint = { date: string } & Metrics;
export interface TimeseriesReport extends ReportMeta {
  interval: string;
  results: TimeseriesPoint[];
  comparison?: Period<TimeseriesPoint[]>;
}

export interface BreakdownReport extends ReportMeta {
  property: string;
  /** The event whose prop is broken down (`prop:<key>`, `outbound_link`, `file_download`, `not_found`). */
  event?: string;
  columns: string[];
  page: number;
  limit: number;
  /** True when a next page has rows. */
  more: boolean;
  results: BreakdownRecord[];
  /** The same values in the previous period, row for row (zeros where a value had nothing). */
  comparison?: Period<BreakdownRecord[]>;
}

/**
 * The reports, framework-free: each asks the store for raw counts (and, with `compare`, the
 * previous period too), then derives the stable metrics. Routes only add HTTP and CSV.
 */
export function createReports(stats: StatsStore) {
  return {
    async summary(q: StatsQuery): Promise<SummaryReport> {
      const withGoal = q.goal !== undefined;
      const [current, previous, dropped] = await Promise.all([
        stats.summary(q),
        q.compare ? stats.summary({ ...q, ...q.compare }) : undefined,
        stats.botCounts(q),
      ]);
      return {
        ...meta(q),
        results: metricsOf(current, withGoal),
        ...(q.compare && previous ? { comparison: period(q.compare, metricsOf(previous, withGoal)) } : {}),
        dropped_events: dropped,
      };
    },

    async timeseries(q: StatsQuery): Promise<TimeseriesReport> {
      const series = async (range: DayRange) => {
        const buckets = bucketsOf(range.from, range.to, q.interval, range.tz);
        const rows = await stats.timeseries({ ...q, ...range, bucketStarts: distinctStarts(buckets) });
        return points(buckets, rows, q.goal !== undefined);
      };
      const [current, previous] = await Promise.all([series(q), q.compare ? series(q.compare) : undefined]);
      return {
        ...meta(q),
        interval: q.interval,
        results: current,
        ...(q.compare && previous ? { comparison: period(q.compare, previous) } : {}),
      };
    },

    async breakdown(q: StatsQuery): Promise<BreakdownReport> {
      const breakdown = q.breakdown;
      if (!breakdown) throw new Error('breakdown without a property');
      const withGoal = q.goal !== undefined;
      const columns = breakdownColumns(breakdown, withGoal);
      // One row more than asked tells whether there is a next page.
      const rows = await stats.breakdown({ ...q, breakdown, limit: q.limit + 1, offset: q.offset });
      const page = rows.slice(0, q.limit);
      const report: BreakdownReport = {
        ...meta(q),
        property: propertyName(breakdown),
        ...(breakdown.kind === 'prop' ? { event: breakdown.event } : {}),
        columns,
        page: q.page,
        limit: q.limit,
        more: rows.length > q.limit,
        results: page.map((r) => breakdownRecord(r, columns)),
      };
      if (q.compare && page.length > 0) {
        const values = page.map((r) => r.value);
        const before = await stats.breakdown({ ...q, ...q.compare, breakdown, limit: q.limit, offset: 0, values });
        const byValue = new Map(before.map((r) => [r.value, r]));
        const aligned = values.map((value) => breakdownRecord(byValue.get(value) ?? emptyRow(value), columns));
        report.comparison = period(q.compare, aligned);
      } else if (q.compare) {
        report.comparison = period(q.compare, []);
      }
      return report;
    },
  };
}

export type Reports = ReturnType<typeof createReports>;

function meta(q: StatsQuery): ReportMeta {
  const goal = q.goal ? (q.goal.kind === 'event' ? `event:${q.goal.name}` : `page:${q.goal.path}`) : null;
  return { site: q.site, from: q.from, to: q.to, tz: q.tz, filters: formatFilters(q.filters), goal };
}

function period<T>(range: DayRange, results: T): Period<T> {
  return { from: range.from, to: range.to, results };
}

/** Every bucket, in order, with zeros where nothing happened. */
function points(buckets: readonly Bucket[], rows: readonly (Totals & { bucketStart: Date })[], withGoal: boolean) {
  const byStart = new Map(rows.map((r) => [r.bucketStart.getTime(), r]));
  // A bucket sharing its start with the next one (a skipped hour) stays empty: the later one owns it.
  return buckets.map((b, i) => {
    const next = buckets[i + 1];
    const owned = !next || next.start.getTime() !== b.start.getTime();
    const row = owned ? byStart.get(b.start.getTime()) : undefined;
    return { date: b.label, ...metricsOf(row ?? emptyRow(''), withGoal) };
  });
}

function emptyRow(value: string): BreakdownRow {
  return {
    value,
    visitors: 0,
    visits: 0,
    pageviews: 0,
    bounces: 0,
    engagedMs: 0,
    events: 0,
    conversions: 0,
    pageEngagedMs: 0,
  };
}

function propertyName(b: NonNullable<StatsQuery['breakdown']>): string {
  switch (b.kind) {
    case 'session':
      return b.dimension;
    case 'page':
    case 'event':
      return b.kind;
    case 'prop':
      return `prop:${b.key}`;
  }
}
