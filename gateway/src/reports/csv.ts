import type { BreakdownReport, Period, SummaryReport, TimeseriesReport } from './service.ts';

export type Cell = string | number | null | undefined;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, and a field quoted (quotes doubled) when it holds a
 * comma, a semicolon, a tab, a quote or a line break. Numbers are written as they are.
 *
 * Text that a spreadsheet would run as a formula is prefixed with `'` (OWASP "CSV injection"):
 * values such as `utm_source` come from visitors' URLs, and an export must not execute them. A
 * German or French Excel splits on `;`, an import dialog on tabs, a naive script on every line, so
 * the check is made on every piece the text could be cut into, not only on its start:
 * `news;=cmd|…` is written as `"news;'=cmd|…"`.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The start of the text, or a separator, then (after any spaces, which an import may trim) a
 * character that opens a formula: = + - @, a tab or a CR, or their full-width forms, which some
 * East Asian Excel versions also accept.
 */
const FORMULA_PIECE = /(^|[,;\t\r\n])(?= *[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/g;
const NEEDS_QUOTES = /[",;\t\r\n]/;

function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = value.replace(FORMULA_PIECE, "$1'");
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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
