import type { CandorConfig } from '@candor/config';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { parseStatsQuery, type StatsQuery } from '../reports/params.ts';
import type { Breakdown, StatsStore } from '../reports/port.ts';
import { type BreakdownReport, createReports, type SummaryReport, type TimeseriesReport } from '../reports/service.ts';
import type { ConsentStats, Goal, RecordStore } from '../store/records.ts';
import { goalParam } from './goals.ts';
import { chrome, Layout, render } from './layout.tsx';
import { ReportsView } from './reports-view.tsx';

export interface ReportsRouteDeps {
  stats: StatsStore;
  /** Goals and consent records, for the conversions and consent sections. */
  records: RecordStore;
  config: CandorConfig;
  /** The clock (epoch ms), shared with the stats API so both resolve `today` alike. */
  now: () => number;
}

/** The tables of the dashboard: the `property` of `/api/stats/breakdown` and what it breaks down. */
export const TABLES = [
  { property: 'source', column: 'Source', title: 'Sources', breakdown: { kind: 'session', dimension: 'source' } },
  { property: 'page', column: 'Page', title: 'Pages', breakdown: { kind: 'page' } },
  {
    property: 'entry_page',
    column: 'Entry page',
    title: 'Entry pages',
    breakdown: { kind: 'session', dimension: 'entry_page' },
  },
  { property: 'country', column: 'Country', title: 'Countries', breakdown: { kind: 'session', dimension: 'country' } },
  { property: 'device', column: 'Device', title: 'Devices', breakdown: { kind: 'session', dimension: 'device' } },
  { property: 'browser', column: 'Browser', title: 'Browsers', breakdown: { kind: 'session', dimension: 'browser' } },
] as const satisfies readonly { property: string; column: string; title: string; breakdown: Breakdown }[];

export type Table = (typeof TABLES)[number];
export const TOP_ROWS = 10;

export interface Dashboard {
  /** The page's own GET params, empty values dropped: every link is built from them. */
  params: URLSearchParams;
  query: StatsQuery;
  summary: SummaryReport;
  timeseries: TimeseriesReport;
  tables: { table: Table; report: BreakdownReport }[];
  realtime: number;
  sites: CandorConfig['sites'];
  /** Each saved goal with its conversions in the range, under the active filters. */
  goals: GoalReport[];
  consent: ConsentStats;
}

export interface GoalReport {
  goal: Goal;
  conversions: number;
  conversionRate: number;
}

/**
 * `GET /admin/reports`: the marketer's dashboard, rendered on the server from the same reports
 * (and the same URL parameters) as `/api/stats`, so a dashboard link is a shareable report.
 */
export function registerReportRoutes(app: Hono<AppEnv>, { stats, records, config, now }: ReportsRouteDeps) {
  const reports = createReports(stats);
  app.get('/admin/reports', requireAuth({ roles: ['admin', 'marketer'] }), async (c) => {
    const params = pageParams(new URL(c.req.url).searchParams);
    let query: StatsQuery;
    try {
      query = parseStatsQuery(withCompare(params), 'summary', { config, now });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'validation_failed') return invalidPage(c, err.message);
      throw err;
    }
    const current = { ...query, compare: undefined };
    // Each goal is the stats `goal` parameter on this page's own query, parsed by the same rules.
    const goalReports = async (page: URLSearchParams): Promise<GoalReport[]> => {
      const goals = await records.goals.list();
      return Promise.all(
        goals.map(async (goal) => {
          const withGoal = new URLSearchParams(page);
          withGoal.set('goal', goalParam(goal));
          const { results } = await reports.summary(parseStatsQuery(withGoal, 'summary', { config, now }));
          return { goal, conversions: results.conversions ?? 0, conversionRate: results.conversion_rate ?? 0 };
        }),
      );
    };
    const [summary, timeseries, realtime, goals, consent, ...breakdowns] = await Promise.all([
      reports.summary(query),
      reports.timeseries(current),
      stats.realtime(query.site, new Date(now())),
      goalReports(params),
      records.consent.stats({ from: query.from, to: query.to, tz: query.tz }),
      ...TABLES.map((t) =>
        reports.breakdown({ ...current, breakdown: t.breakdown, limit: TOP_ROWS, page: 1, offset: 0 }),
      ),
    ]);
    const tables = TABLES.map((table, i) => ({ table, report: breakdowns[i] as BreakdownReport }));
    const dashboard: Dashboard = {
      params,
      query,
      summary,
      timeseries,
      tables,
      realtime,
      sites: config.sites,
      goals,
      consent,
    };
    return render(
      c,
      <Layout title="Reports" {...chrome(c, '/admin/reports')}>
        <ReportsView d={dashboard} />
      </Layout>,
    );
  });
}

/** Form fields left blank (`from=&to=`) mean "not given", as the form cannot omit them. */
function pageParams(search: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of search) if (value !== '' || name === 'filters') out.append(name, value);
  if (out.get('filters') === '') out.delete('filters');
  return out;
}

/** The cards always compare with the previous period. */
function withCompare(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  out.set('compare', 'previous');
  return out;
}

function invalidPage(c: Context<AppEnv>, detail: string): Promise<Response> {
  return render(
    c,
    <Layout title="This report link is not valid" {...chrome(c, '/admin/reports')}>
      <p class="alert" role="alert">
        {detail}
      </p>
      <p>
        The address holds a parameter the reports do not understand. Report links take <code>site</code>,{' '}
        <code>period</code> (today, 7d, 30d, month, 12m) or <code>from</code> and <code>to</code> as YYYY-MM-DD, and{' '}
        <code>filters</code> such as <code>source==Google</code>.
      </p>
      <p>
        <a href="/admin/reports">Open the last 30 days instead</a>
      </p>
    </Layout>,
    400,
  );
}
