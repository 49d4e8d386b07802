import { formatFilters } from '../reports/filters.ts';
import type { Metrics } from '../reports/metrics.ts';
import { PERIODS } from '../reports/params.ts';
import type { Filter } from '../reports/port.ts';
import { ConsentSection } from './consent-stats.tsx';
import type { Dashboard, Table } from './reports.tsx';
import { Bar, duration, number, percent, TimeseriesChart } from './reports-chart.tsx';
import { GoalsSection } from './reports-goals.tsx';

const PERIOD_LABELS: Record<(typeof PERIODS)[number], string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  month: 'This month',
  '12m': 'Last 12 months',
};

const CARDS: { metric: keyof Metrics; label: string; format: (n: number) => string }[] = [
  { metric: 'visitors', label: 'Visitors', format: number },
  { metric: 'visits', label: 'Visits', format: number },
  { metric: 'pageviews', label: 'Pageviews', format: number },
  { metric: 'bounce_rate', label: 'Bounce rate', format: percent },
  { metric: 'visit_duration', label: 'Visit duration', format: duration },
  { metric: 'views_per_visit', label: 'Views per visit', format: (n) => n.toFixed(2) },
];

/** The dashboard below the page heading; every control is a link or a GET form. */
export function ReportsView({ d }: { d: Dashboard }) {
  const empty = d.summary.results.visits === 0;
  return (
    <>
      <RangeControls d={d} />
      <Chips params={d.params} filters={d.query.filters} />
      <p class="realtime">
        <strong>{number(d.realtime)}</strong> {d.realtime === 1 ? 'visit' : 'visits'} active in the last 5 minutes
        (realtime).
      </p>
      <section aria-labelledby="overview">
        <h2 id="overview">Overview</h2>
        <p class="muted">
          {d.summary.from} to {d.summary.to} ({d.summary.tz}), compared with{' '}
          {d.summary.comparison ? `${d.summary.comparison.from} to ${d.summary.comparison.to}` : 'nothing'}.
        </p>
        <ul class="stat-cards">
          {CARDS.map((card) => (
            <Card d={d} {...card} />
          ))}
        </ul>
      </section>
      {empty ? (
        <EmptyState filtered={d.query.filters.length > 0} />
      ) : (
        <>
          <section aria-labelledby="timeseries">
            <h2 id="timeseries">Visitors and pageviews</h2>
            <TimeseriesChart points={d.timeseries.results} interval={d.timeseries.interval} />
          </section>
          <div class="breakdowns">
            {d.tables.map(({ table, report }) => (
              <BreakdownTable d={d} table={table} rows={report.results} />
            ))}
          </div>
        </>
      )}
      <GoalsSection goals={d.goals} filtered={d.query.filters.length > 0} />
      <ConsentSection stats={d.consent} from={d.query.from} to={d.query.to} />
      <Bots dropped={d.summary.dropped_events} />
    </>
  );
}

function Card({ d, metric, label, format }: { d: Dashboard } & (typeof CARDS)[number]) {
  const now = d.summary.results[metric] ?? 0;
  const before = d.summary.comparison?.results[metric];
  return (
    <li>
      <h3>{label}</h3>
      <p class="stat" data-metric={metric}>
        {format(now)}
      </p>
      {before !== undefined && <p class="change">{change(now, before, format)}</p>}
    </li>
  );
}

/** The change as text, so it reads without colour: "▲ 50% from 2" or "no change". */
export function change(now: number, before: number, format: (n: number) => string): string {
  if (now === before) return `no change from ${format(before)}`;
  if (before === 0) return `▲ up from ${format(0)}`;
  const pct = Math.round((Math.abs(now - before) / before) * 100);
  return `${now > before ? '▲' : '▼'} ${pct}% from ${format(before)}`;
}

function RangeControls({ d }: { d: Dashboard }) {
  const keep = (names: string[]) =>
    names.flatMap((name) => {
      const value = d.params.get(name);
      return value === null ? [] : [<input type="hidden" name={name} value={value} />];
    });
  const period = d.params.get('period') ?? (d.params.has('from') ? '' : '30d');
  const several = d.sites.length > 1;
  return (
    <div class="range-forms">
      <form method="get" action="/admin/reports" class="inline">
        {several ? (
          <label>
            Site
            <select name="site">
              {d.sites.map((s) => (
                <option value={s.id} selected={s.id === d.query.site}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          keep(['site'])
        )}
        <label>
          Period
          <select name="period">
            {period === '' && (
              <option value="" selected>
                Custom range
              </option>
            )}
            {PERIODS.map((p) => (
              <option value={p} selected={p === period}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        {keep(['tz', 'filters'])}
        <button type="submit">Show</button>
      </form>
      <form method="get" action="/admin/reports" class="inline">
        {keep(['site', 'tz', 'filters'])}
        <label>
          From
          <input type="date" name="from" value={d.query.from} required />
        </label>
        <label>
          To
          <input type="date" name="to" value={d.query.to} required />
        </label>
        <button type="submit" class="secondary">
          Show range
        </button>
      </form>
    </div>
  );
}

function Chips({ params, filters }: { params: URLSearchParams; filters: readonly Filter[] }) {
  if (filters.length === 0) return null;
  return (
    <div class="chips">
      <h2 class="visually-hidden">Active filters</h2>
      <ul aria-label="Active filters">
        {filters.map((f, i) => {
          const text = `${f.dimension} ${f.op === 'is' ? 'is' : 'is not'} ${f.values.map(shown).join(' or ')}`;
          return (
            <li>
              <a
                class="chip"
                href={linkWith(
                  params,
                  filters.filter((_, j) => j !== i),
                )}
                aria-label={`Remove filter: ${text}`}
              >
                {text} <span aria-hidden="true">✕</span>
              </a>
            </li>
          );
        })}
      </ul>
      {filters.length > 1 && <a href={linkWith(params, [])}>Clear all filters</a>}
    </div>
  );
}

function BreakdownTable({ d, table, rows }: { d: Dashboard; table: Table; rows: Record<string, string | number>[] }) {
  const top = Math.max(1, ...rows.map((r) => Number(r.visitors)));
  const csv = new URLSearchParams(d.params);
  csv.delete('compare');
  csv.set('property', table.property);
  csv.set('format', 'csv');
  const id = `table-${table.property}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{table.title}</h2>
      {rows.length === 0 ? (
        <p class="muted">Nothing to show for this range.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{table.column}</th>
                <th scope="col">Visitors</th>
                <th scope="col">
                  <span class="visually-hidden">Share of visitors</span>
                </th>
                <th scope="col">Visits</th>
                <th scope="col">Pageviews</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const value = String(r.value);
                const filter: Filter = { dimension: table.property, op: 'is', values: [value] };
                const others = d.query.filters.filter((f) => f.dimension !== table.property);
                return (
                  <tr>
                    <th scope="row">
                      <a href={linkWith(d.params, [...others, filter])} title={`Filter by ${table.property} ${value}`}>
                        {shown(value)}
                      </a>
                    </th>
                    <td class="num">{number(Number(r.visitors))}</td>
                    <td class="bar">
                      <Bar value={Number(r.visitors)} max={top} />
                    </td>
                    <td class="num">{number(Number(r.visits))}</td>
                    <td class="num">{number(Number(r.pageviews))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p class="csv">
        <a href={`/api/stats/breakdown?${csv}`} download>
          Download {table.title.toLowerCase()} as CSV
        </a>
      </p>
    </section>
  );
}

function EmptyState({ filtered }: { filtered: boolean }) {
  return (
    <section class="empty" aria-labelledby="empty">
      <h2 id="empty">No visits in this range</h2>
      {filtered ? (
        <p>No visit matches the active filters. Remove a filter above, or pick a longer period.</p>
      ) : (
        <>
          <p>
            Candor has not counted a visit between these dates. If you have just set it up, add the tracker to your
            site's pages (see the gateway README) and open one of them, or run <code>pnpm demo:traffic</code> to send
            demo visits to a local gateway. Events appear within a second or two.
          </p>
          <p>Otherwise, pick a longer period above.</p>
        </>
      )}
    </section>
  );
}

function Bots({ dropped }: { dropped: { total: number; reasons: Record<string, number> } }) {
  const reasons = Object.entries(dropped.reasons).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="bots">
      <h2 id="bots">Bots filtered</h2>
      <p>
        {number(dropped.total)} {dropped.total === 1 ? 'event was' : 'events were'} not counted in this range (whatever
        the filters).
      </p>
      {reasons.length > 0 && (
        <ul class="reasons">
          {reasons.map(([reason, count]) => (
            <li>
              {reason.replaceAll('_', ' ')}: {number(count)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** An empty value is real data: no referrer, no country known, and so on. */
function shown(value: string): string {
  return value === '' ? '(none)' : value;
}

/** This page's URL with other filters; everything else in the URL stays. */
export function linkWith(params: URLSearchParams, filters: readonly Filter[]): string {
  const next = new URLSearchParams(params);
  if (filters.length > 0) next.set('filters', formatFilters(filters));
  else next.delete('filters');
  const query = next.toString();
  return query ? `/admin/reports?${query}` : '/admin/reports';
}
