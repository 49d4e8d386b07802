import type { Family, Sample } from '../metrics/text.ts';
import type { JobStatus } from './scheduler.ts';

const seconds = (d: Date | undefined) => (d ? d.getTime() / 1000 : 0);

/**
 * The scheduler's families for `/metrics`: runs by outcome, when each job last ran and last
 * succeeded, how long it took, whether its last run failed, and the counts its runs reported
 * (e.g. `candor_job_items_total{job="retention",item="consent_records"}` rows deleted).
 * Alert on `time() - candor_job_last_success_timestamp_seconds > 3 * interval`.
 */
export function jobFamilies(jobs: readonly JobStatus[]): Family[] {
  const per = (value: (j: JobStatus) => number): Sample[] =>
    jobs.map((j) => ({ labels: { job: j.name }, value: value(j) }));
  return [
    {
      name: 'candor_job_runs_total',
      help: 'Runs of each periodic job since start, by outcome.',
      type: 'counter',
      samples: jobs.flatMap((j) => [
        { labels: { job: j.name, outcome: 'ok' }, value: j.runs - j.failures },
        { labels: { job: j.name, outcome: 'error' }, value: j.failures },
      ]),
    },
    {
      name: 'candor_job_last_run_timestamp_seconds',
      help: 'When each job last finished a run (Unix time; 0 before its first run).',
      type: 'gauge',
      samples: per((j) => seconds(j.lastFinishedAt)),
    },
    {
      name: 'candor_job_last_success_timestamp_seconds',
      help: 'When each job last finished a run without error (Unix time; 0 before that).',
      type: 'gauge',
      samples: per((j) => seconds(j.lastSuccessAt)),
    },
    {
      name: 'candor_job_last_duration_seconds',
      help: 'How long the last run of each job took.',
      type: 'gauge',
      samples: per((j) => (j.lastDurationMs ?? 0) / 1000),
    },
    {
      name: 'candor_job_last_failed',
      help: '1 when the last run of the job failed.',
      type: 'gauge',
      samples: per((j) => (j.lastOutcome === 'error' ? 1 : 0)),
    },
    {
      name: 'candor_job_items_total',
      help: 'What the runs of each job reported since start, e.g. rows deleted by retention, per item.',
      type: 'counter',
      samples: jobs.flatMap((j) =>
        Object.entries(j.totals).map(([item, value]) => ({ labels: { job: j.name, item }, value })),
      ),
    },
  ];
}
