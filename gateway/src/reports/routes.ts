import type { CandorConfig } from '@candor/config';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { breakdownCsv, summaryCsv, timeseriesCsv, toCsv } from './csv.ts';
import { exportZip } from './export.ts';
import { parseStatsQuery, type Report, type StatsQuery } from './params.ts';
import type { StatsStore } from './port.ts';
import { createReports } from './service.ts';

export interface StatsRouteDeps {
  stats: StatsStore;
  config: CandorConfig;
  /** The clock (epoch ms): relative periods and realtime are resolved against it. */
  now: () => number;
  /** Authenticates the marketer (session or API key); runs before any parameter is read. */
  auth: MiddlewareHandler<AppEnv>;
}

/**
 * `GET /api/stats/{summary,timeseries,breakdown,realtime}`: JSON, or CSV with `format=csv`;
 * `GET /api/stats/export`: every report of a range as one zip of CSVs.
 * Parameters and the metric definitions are in README.md beside this file.
 *
 * @example registerStatsRoutes(app, { stats, config, now: Date.now, auth: requireScope('stats:read') })
 */
export function registerStatsRoutes(app: Hono<AppEnv>, { stats, config, now, auth }: StatsRouteDeps) {
  const reports = createReports(stats);
  const parse = (c: Context<AppEnv>, report: Report) =>
    parseStatsQuery(new URL(c.req.url).searchParams, report, { config, now });

  app.get('/api/stats/summary', auth, async (c) => {
    const q = parse(c, 'summary');
    const report = await reports.summary(q);
    return q.format === 'csv' ? csv(c, summaryCsv(report), q, 'summary') : c.json(report, 200, NO_STORE);
  });

  app.get('/api/stats/timeseries', auth, async (c) => {
    const q = parse(c, 'timeseries');
    const report = await reports.timeseries(q);
    return q.format === 'csv'
      ? csv(c, timeseriesCsv(report), q, `timeseries-${q.interval}`)
      : c.json(report, 200, NO_STORE);
  });

  app.get('/api/stats/breakdown', auth, async (c) => {
    const q = parse(c, 'breakdown');
    const report = await reports.breakdown(q);
    if (q.format === 'json') return c.json(report, 200, NO_STORE);
    return csv(c, breakdownCsv(report), q, `${report.property}${report.more || q.page > 1 ? `-page${q.page}` : ''}`);
  });

  app.get('/api/stats/realtime', auth, async (c) => {
    const q = parse(c, 'realtime');
    const at = new Date(now());
    const report = { site: q.site, at: at.toISOString(), visitors: await stats.realtime(q.site, at) };
    if (q.format === 'json') return c.json(report, 200, NO_STORE);
    return csv(c, toCsv(['site', 'at', 'visitors'], [report]), q, 'realtime', at.toISOString().slice(0, 10));
  });

  app.get('/api/stats/export', auth, async (c) => {
    const q = parse(c, 'export');
    const body = await exportZip(reports, q, new Date(now()));
    return c.body(body, 200, {
      ...NO_STORE,
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${fileName(q, 'export', undefined, 'zip')}"`,
    });
  });
}

const NO_STORE = { 'cache-control': 'no-store' };

function csv(c: Context<AppEnv>, body: string, q: StatsQuery, name: string, day?: string): Response {
  return c.body(body, 200, {
    ...NO_STORE,
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName(q, name, day, 'csv')}"`,
  });
}

/** `candor-<site>-<report>-<from>_<to>.<ext>`, with anything unusual in it replaced by `_`. */
function fileName(q: StatsQuery, name: string, day: string | undefined, ext: string): string {
  const span = day ?? (q.from === q.to ? q.from : `${q.from}_${q.to}`);
  return `candor-${q.site}-${name}-${span}.${ext}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
