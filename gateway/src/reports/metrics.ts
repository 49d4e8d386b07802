import type { Breakdown, BreakdownRow, Totals } from './port.ts';

/**
 * The stable metrics of the stats contract, each a number under its own key. Rates are fractions rounded
 * to 4 places, averages to 2 places, durations to whole seconds; with no visits every rate is 0.
 */
export type Metrics = {
  visitors: number;
  visits: number;
  pageviews: number;
  views_per_visit: number;
  bounce_rate: number;
  visit_duration: number;
  events: number;
  conversions?: number;
  conversion_rate?: number;
};

export const SUMMARY_METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
  'events',
] as const;
export const GOAL_METRICS = ['conversions', 'conversion_rate'] as const;

const ratio = (n: number, d: number, places: number) => (d === 0 ? 0 : round(n / d, places));
const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

export function metricsOf(t: Totals, withGoal: boolean): Metrics {
  const m: Metrics = {
    visitors: t.visitors,
    visits: t.visits,
    pageviews: t.pageviews,
    views_per_visit: ratio(t.pageviews, t.visits, 2),
    bounce_rate: ratio(t.bounces, t.visits, 4),
    visit_duration: ratio(t.engagedMs, t.visits * 1000, 0),
    events: t.events,
  };
  if (withGoal) {
    m.conversions = t.conversions;
    m.conversion_rate = ratio(t.conversions, t.visits, 4);
  }
  return m;
}

/** The columns of a breakdown row, by kind: page-like rows carry visit metrics, event rows counts. */
export function breakdownColumns(breakdown: Breakdown, withGoal: boolean): string[] {
  const goal = withGoal ? [...GOAL_METRICS] : [];
  switch (breakdown.kind) {
    case 'session':
      return ['value', 'visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration', ...goal];
    case 'page':
      return ['value', 'visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration', 'time_on_page', ...goal];
    case 'event':
    case 'prop':
      return ['value', 'visitors', 'visits', 'events', ...goal];
  }
}

export type BreakdownRecord = Record<string, string | number>;

export function breakdownRecord(row: BreakdownRow, columns: readonly string[]): BreakdownRecord {
  const all: BreakdownRecord = {
    value: row.value,
    ...metricsOf(row, true),
    time_on_page: ratio(row.pageEngagedMs, row.pageviews * 1000, 0),
  };
  return Object.fromEntries(columns.map((c) => [c, all[c] ?? 0]));
}
