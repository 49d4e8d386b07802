import { breakdownCsv, summaryCsv, timeseriesCsv } from './csv.ts';
import { MAX_LIMIT, PROP_ALIASES, type StatsQuery } from './params.ts';
import { type Breakdown, SESSION_DIMENSIONS } from './port.ts';
import type { Reports } from './service.ts';
import { type ZipEntry, zip } from './zip.ts';

/** Every breakdown of the export, in the order of its files. */
const BREAKDOWNS: [string, Breakdown][] = [
  ['page', { kind: 'page' }],
  ...SESSION_DIMENSIONS.map((dimension): [string, Breakdown] => [dimension, { kind: 'session', dimension }]),
  ['event', { kind: 'event' }],
  ...[...PROP_ALIASES].map(([name, breakdown]): [string, Breakdown] => [name, breakdown]),
];

/**
 * The whole range as one zip of CSVs: `summary.csv`, `timeseries-<interval>.csv` and
 * `breakdown-<property>.csv` for every property (its first 1,000 rows), each exactly what
 * `format=csv` answers for that report with the same parameters. One query per file, in turn.
 */
export async function exportZip(reports: Reports, q: StatsQuery, now: Date): Promise<Uint8Array<ArrayBuffer>> {
  const text = new TextEncoder();
  const files: ZipEntry[] = [
    { name: 'summary.csv', data: text.encode(summaryCsv(await reports.summary(q))) },
    { name: `timeseries-${q.interval}.csv`, data: text.encode(timeseriesCsv(await reports.timeseries(q))) },
  ];
  for (const [name, breakdown] of BREAKDOWNS) {
    const report = await reports.breakdown({ ...q, breakdown, limit: MAX_LIMIT, page: 1, offset: 0 });
    files.push({ name: `breakdown-${name}.csv`, data: text.encode(breakdownCsv(report)) });
  }
  return zip(files, now);
}
