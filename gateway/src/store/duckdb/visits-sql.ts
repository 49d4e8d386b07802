import type { Filter, ReportQuery, SessionDimension } from '../../reports/port.ts';
import {
  DIMENSION_COLUMN,
  groupedSessions,
  KIND,
  matches,
  micros,
  type Params,
  type SessionOptions,
  sessionColumns,
} from './reports-sql.ts';

/**
 * The `s` CTE of every report over the `visits` table (see `visits.ts`): the sealed visits that
 * lie wholly inside the range come from `visits`; the rest (visits cut by the range's ends, and
 * sessions not sealed yet) are grouped from their events in the range, which lie in a few short
 * windows. The windows come from `bounds`, read in the same transaction as the report.
 */

/** [from, to) in epoch microseconds. */
export type Window = readonly [bigint, bigint];

const at = (us: bigint | string, p: Params) => `make_timestamptz(${p.add(BigInt(us))})`;

/** W, and the latest end of a sealed visit cut by `start` and the earliest start of one cut by `end`. */
export function boundsSql(q: ReportQuery, p: Params): string {
  const start = at(micros(q.start), p);
  const end = at(micros(q.end), p);
  return `SELECT (SELECT before_us FROM visits_sealed WHERE id = 1) AS w,
      epoch_us(max(last) FILTER (WHERE first < ${start})) AS a,
      epoch_us(min(first) FILTER (WHERE last >= ${end})) AS b
    FROM visits
    WHERE site = ${p.add(q.site)} AND last >= ${start} AND first < ${end} AND (first < ${start} OR last >= ${end})`;
}

/** The disjoint windows of the range that hold every event not counted through `visits`. */
export function windowsOf(q: ReportQuery, row: Record<string, unknown>): Window[] {
  const [start, end] = [micros(q.start), micros(q.end)];
  const big = (v: unknown) => (v === null || v === undefined ? undefined : BigInt(String(v)));
  const [w, a, b] = [big(row.w) ?? 0n, big(row.a), big(row.b)];
  const max = (x: bigint, y: bigint) => (x > y ? x : y);
  const min = (x: bigint, y: bigint) => (x < y ? x : y);
  const spans: [bigint, bigint][] = [];
  if (a !== undefined) spans.push([start, min(a + 1n, end)]);
  if (b !== undefined) spans.push([max(b, start), end]);
  if (w < end) spans.push([max(w, start), end]);
  spans.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = max(last[1], to);
    else if (from < to) merged.push([from, to]);
  }
  return merged;
}

/** Site and range of the sealed visits wholly inside the range. */
export function visitScope(q: ReportQuery, p: Params): string {
  return `site = ${p.add(q.site)} AND first >= ${at(micros(q.start), p)} AND last < ${at(micros(q.end), p)}`;
}

/** The visits columns behind each session-level dimension (entry values, exit page). */
const VISIT_COLUMN: Record<SessionDimension, string> = {
  ...DIMENSION_COLUMN,
  entry_page: 'entry_page',
  exit_page: 'exit_page',
};

/** A visit's list (`paths` or `names`) holds one of the filter's values. */
function listHas(list: string, f: Filter, p: Params): string {
  const any = f.values.map((v) => `list_contains(${list}, ${p.add(v)})`).join(' OR ');
  return f.op === 'is' ? `(${any})` : `NOT (${any})`;
}

/** The values every `is` filter of a dimension allows, or undefined when there is none. */
function allowed(filters: readonly Filter[], dimension: 'page' | 'event'): string[] | undefined {
  let values: string[] | undefined;
  for (const f of filters) {
    if (f.dimension !== dimension || f.op !== 'is') continue;
    values = values ? values.filter((v) => f.values.includes(v)) : [...new Set(f.values)];
  }
  return values;
}

/** Counts of the listed values in a visit (`path_pv` by `paths`, `name_n` by `names`). */
function countOf(values: readonly string[], list: string, counts: string, p: Params): string {
  if (values.length === 0) return '0';
  return values.map((v) => `coalesce(${counts}[list_position(${list}, ${p.add(v)})], 0)`).join(' + ');
}

/** The filters, as a predicate on a `visits` row. */
export function visitFilters(filters: readonly Filter[], p: Params): string {
  const parts = filters.map((f) => {
    if (f.dimension === 'page') return listHas('paths', f, p);
    if (f.dimension === 'event') return listHas('names', f, p);
    return matches(VISIT_COLUMN[f.dimension], f, p);
  });
  return ['pv > 0', ...parts].join(' AND ');
}

/** A `visits` row's goal flag. */
export function visitGoal(q: ReportQuery, p: Params): string {
  if (q.goal?.kind === 'event') return `list_contains(names, ${p.add(q.goal.name)})`;
  if (q.goal?.kind === 'page') return `list_contains(paths, ${p.add(q.goal.path)})`;
  return 'false';
}

/** One row of `s` per sealed visit inside the range, as `sessionColumns`. */
function sealedSessions(q: ReportQuery, p: Params, opts: SessionOptions): string {
  const pages = allowed(q.filters, 'page');
  const events = allowed(q.filters, 'event')?.filter((n) => n !== 'pageview' && n !== 'engagement');
  const expr: Record<string, string> = {
    session_id: 'session_id',
    pv: 'pv',
    cpv: pages ? countOf(pages, 'paths', 'path_pv', p) : 'pv',
    ev: events ? countOf(events, 'names', 'name_n', p) : 'ev',
    eng: 'eng',
    vd: 'vd',
    conv: visitGoal(q, p),
    start: 'start',
    value: opts.dimension ? VISIT_COLUMN[opts.dimension] : 'NULL',
  };
  const columns = sessionColumns(opts).map((c) => `${expr[c]} AS ${c}`);
  return `SELECT ${columns.join(', ')} FROM visits WHERE ${visitScope(q, p)} AND ${visitFilters(q.filters, p)}`;
}

/**
 * `raw`: the events of the range in `windows`, with `kind`, of the sessions not counted through
 * `visits` (the sealed visits wholly inside the range that have events in a window are left out).
 */
export function rawCte(q: ReportQuery, p: Params, windows: readonly Window[]): string {
  const site = p.add(q.site);
  const scans = windows.map(
    ([from, to]) => `SELECT * FROM events WHERE site = ${site} AND time >= ${at(from, p)} AND time < ${at(to, p)}`,
  );
  const touching = windows.map(([from, to]) => `(first < ${at(to, p)} AND last >= ${at(from, p)})`);
  return `raw AS (
    SELECT *, ${KIND} FROM (${scans.join(' UNION ALL ')})
    WHERE session_id NOT IN (SELECT session_id FROM visits WHERE ${visitScope(q, p)} AND (${touching.join(' OR ')}))
  )`;
}

/** `s`, and `raw` when there are windows: every visit of the range that passes the filters. */
export function visitsCte(q: ReportQuery, p: Params, windows: readonly Window[], opts: SessionOptions = {}): string {
  const sealed = sealedSessions(q, p, opts);
  if (windows.length === 0) return `s AS (${sealed})`;
  return `${rawCte(q, p, windows)},
    s AS (${sealed} UNION ALL ${groupedSessions(q, p, opts, 'raw')})`;
}

/** The unsealed and cut visits of `raw`, with their session id. */
export function groupedSessionsWithId(q: ReportQuery, p: Params): string {
  return groupedSessions(q, p, { keepId: true }, 'raw');
}
