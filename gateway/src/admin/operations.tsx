import { type DataStore, inventoryRows, type Personal } from '@candor/config';
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { COUNTS_BY_SETTING } from '../retention/enforce.ts';
import type { JobStatus } from '../scheduler/scheduler.ts';
import { CsrfField, chrome, formatTime, Layout, Messages, render, staffUser } from './layout.tsx';
import type { AdminRouteDeps } from './routes.ts';

const STORES: Record<DataStore, string> = {
  records: 'Records (SQLite, candor.sqlite)',
  events: 'Analytics (DuckDB, events.duckdb)',
};
const PERSONAL: Record<Personal, string> = { yes: 'Yes', pseudonymous: 'Pseudonymous', no: 'No' };
const RETENTION_JOB = 'retention';

/**
 * `/admin/inventory` (admin, privacy officer): every table, what it holds, whether it is personal
 * and how long it is kept, from the running config, with what the retention job removed.
 * `/admin/jobs` (admin): each periodic job's last run and result, and a button to run one now.
 */
export function registerOperationsRoutes(app: Hono<AppEnv>, deps: AdminRouteDeps) {
  const { scheduler, config, records } = deps;

  app.get('/admin/inventory', requireAuth({ roles: ['admin', 'privacy'] }), (c) => {
    const retention = scheduler?.status().find((j) => j.name === RETENTION_JOB);
    const removed = (setting: keyof typeof COUNTS_BY_SETTING) =>
      COUNTS_BY_SETTING[setting].reduce((sum, key) => sum + (retention?.totals[key] ?? 0), 0);
    const rows = inventoryRows(config);
    return render(
      c,
      <Layout title="Data inventory" {...chrome(c, '/admin/inventory')}>
        <p>
          Every table Candor keeps, from the same retention settings that fill in the privacy policy’s table at{' '}
          <a href="/privacy#retention">/privacy</a>. Change a period in <code>candor.config.ts</code> and restart; the
          hourly retention job enforces it.
        </p>
        <RetentionRun job={retention} />
        {(Object.keys(STORES) as DataStore[]).map((store) => (
          <>
            <h2>{STORES[store]}</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Tables</th>
                    <th scope="col">What it holds</th>
                    <th scope="col">Personal data</th>
                    <th scope="col">Kept</th>
                    <th scope="col">Removed since start</th>
                  </tr>
                </thead>
                <tbody>
                  {rows
                    .filter((r) => r.store === store)
                    .map((r) => (
                      <tr>
                        <th scope="row">
                          <code>{r.tables.join(', ')}</code>
                        </th>
                        <td>{r.holds}</td>
                        <td>{PERSONAL[r.personal]}</td>
                        <td>{r.kept}</td>
                        <td class="num">{'setting' in r.retention ? removed(r.retention.setting) : '—'}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </>
        ))}
      </Layout>,
    );
  });

  const adminOnly = requireAuth({ roles: ['admin'] });
  app.get('/admin/jobs', adminOnly, (c) => {
    const jobs = scheduler?.status() ?? [];
    const ran = c.req.query('ran');
    const notice = ran && scheduler?.has(ran) ? `Ran ${ran}.` : undefined;
    return render(
      c,
      <Layout title="Jobs" {...chrome(c, '/admin/jobs')}>
        <Messages notice={notice} />
        <p>
          The periodic jobs of this gateway process, on one scheduler. A failed run is retried at the next interval. The
          same figures are on <code>/metrics</code> as <code>candor_job_*</code>.
        </p>
        {jobs.length === 0 ? (
          <p class="muted">No scheduler runs in this process.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Every</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Result</th>
                  <th scope="col">Runs (failed)</th>
                  <th scope="col">Next run</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr class={job.lastOutcome === 'error' ? 'overdue' : undefined}>
                    <th scope="row">
                      <code>{job.name}</code>
                      <br />
                      <span class="muted">{job.description}</span>
                    </th>
                    <td>{interval(job.everyMs)}</td>
                    <td>{job.lastFinishedAt ? formatTime(job.lastFinishedAt) : job.running ? 'running' : 'not yet'}</td>
                    <td>{result(job)}</td>
                    <td class="num">{`${job.runs} (${job.failures})`}</td>
                    <td>{job.nextRunAt ? formatTime(job.nextRunAt) : '—'}</td>
                    <td>
                      <form method="post" action={`/admin/jobs/${encodeURIComponent(job.name)}/run`}>
                        <CsrfField c={c} />
                        <button type="submit" class="secondary">
                          Run now<span class="visually-hidden">{` ${job.name}`}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Layout>,
    );
  });

  app.post('/admin/jobs/:name/run', adminOnly, async (c) => {
    const name = c.req.param('name');
    if (!scheduler?.has(name)) return c.redirect('/admin/jobs', 303);
    await records.audit.append({ actor: `user:${staffUser(c).id}`, action: 'job.run', target: `job:${name}` });
    await scheduler.run(name);
    return c.redirect(`/admin/jobs?ran=${encodeURIComponent(name)}`, 303);
  });
}

function RetentionRun({ job }: { job: JobStatus | undefined }) {
  if (!job) return <p class="muted">The retention job does not run in this process.</p>;
  if (!job.lastFinishedAt)
    return <p>The retention job has not run yet since the start; its first run is due shortly.</p>;
  return (
    <p class={job.lastOutcome === 'error' ? 'alert' : 'notice'} role="status">
      {`Retention last ran ${formatTime(job.lastFinishedAt)}: ${result(job)}.`}
    </p>
  );
}

function result(job: JobStatus): string {
  if (job.lastOutcome === 'error') return `failed: ${job.lastError ?? 'unknown error'}`;
  if (job.lastOutcome !== 'ok') return '—';
  const counts = Object.entries(job.lastCounts ?? {}).filter(([, n]) => n > 0);
  const took = job.lastDurationMs === undefined ? '' : ` in ${Math.round(job.lastDurationMs)} ms`;
  if (counts.length === 0) return `ok, nothing to do${took}`;
  return `ok${took}: ${counts.map(([k, n]) => `${k} ${n}`).join(', ')}`;
}

function interval(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
