import type { BreakdownReport, Period, SummaryReport, TimeseriesReport } from './service.ts';

export type Cell = string | number | null | undefined;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, and a field quoted (quotes doubled) when it holds a
 * comma, a quote or a line break. Text that a spreadsheet would run as a formula (it starts with
 * `=`, `+`, `-`, `@`, a tab or a CR) is prefixed with `'`: values such as `utm_source` come from
 * visitors' URLs, and an export must not execute them (OWASP "CSV injection"). Numbers are
 * written as they are.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const prefixed = (row: Record<string, Cell>, prefix: string) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [`${prefix}${k}`, v]));

/**
 * One row with the period and its metrics; with a comparison, the previous period's columns
 * follow as `previous_*`.
 */
export function summaryCsv(r: SummaryReport): string {
  const row: Record<string, Cell> = { from: r.from, to: r.to, ...r.results, dropped_events: r.dropped_events.total };
  const metricColumns = Object.keys(r.results);
  const columns = ['from', 'to', ...metricColumns, 'dropped_events'];
  if (r.comparison) {
    Object.assign(
      row,
      prefixed({ from: r.comparison.from, to: r.comparison.to, ...r.comparison.results }, 'previous_'),
    );
    columns.push(...['from', 'to', ...metricColumns].map((c) => `previous_${c}`));
  }
  return toCsv(columns, [row]);
}

/** One row per bucket; with a comparison, the previous period's bucket of the same index follows. */
export function timeseriesCsv(r: TimeseriesReport): string {
  const first = r.results[0];
  const columns = first ? Object.keys(first) : ['date'];
  return toCsv(withPrevious(columns, r.comparison), alongside(r.results, r.comparison));
}

/** One row per value, the columns of the breakdown's kind; `previous_*` columns with a comparison. */
export function breakdownCsv(r: BreakdownReport): string {
  return toCsv(withPrevious(r.columns, r.comparison, 'value'), alongside(r.results, r.comparison, 'value'));
}

function withPrevious(columns: string[], comparison: Period<unknown> | undefined, skip?: string): string[] {
  if (!comparison) return columns;
  return [...columns, ...columns.filter((c) => c !== skip).map((c) => `previous_${c}`)];
}

function alongside<T extends Record<string, Cell>>(
  rows: readonly T[],
  comparison: Period<T[]> | undefined,
  skip?: string,
) {
  return rows.map((row, i) => {
    const before = comparison?.results[i];
    if (!before) return row;
    const rest = Object.fromEntries(Object.entries(before).filter(([k]) => k !== skip));
    return { ...row, ...prefixed(rest, 'previous_') };
  });
}
