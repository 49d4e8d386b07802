/**
 * The one scheduler for the gateway's periodic jobs (flush, salt rotation, webhook and mail
 * delivery, reminders, retention, digests): one timer for all of them, runs of a job never
 * overlap, a failure is recorded and retried at the next interval, and each job's last run and
 * result can be read by the admin and `/metrics`.
 */

/** What a run reports: a few named counts, e.g. `{ deleted: 3 }`. Never personal data. */
export type JobCounts = Readonly<Record<string, number>>;

export interface JobSpec {
  /** Stable id, also the metrics label: `retention`, `outbox.deliver`. */
  name: string;
  /** One line for the admin: what the job does. */
  description: string;
  everyMs: number;
  /** The first run, this long after `start` (default: at once). */
  firstAfterMs?: number;
  /** One run. Throws on failure; the scheduler records it and tries again at the next interval. */
  run(now: Date): Promise<JobCounts | undefined> | JobCounts | undefined;
  /** Runs that did some work are logged at `info`, unless the job is as busy as a flush (`debug`). */
  logLevel?: 'info' | 'debug';
}

export interface JobStatus {
  name: string;
  description: string;
  everyMs: number;
  runs: number;
  failures: number;
  running: boolean;
  lastStartedAt?: Date;
  lastFinishedAt?: Date;
  lastDurationMs?: number;
  lastOutcome?: 'ok' | 'error';
  lastCounts?: JobCounts;
  /** The last failure's error name and message, with anything like an email address masked. */
  lastError?: string;
  lastSuccessAt?: Date;
  nextRunAt?: Date;
  /** The counts of every successful run since start, added up. */
  totals: JobCounts;
}

export interface SchedulerLogger {
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface Scheduler {
  /** Adds a job; before `start` or after. A second job with the same name is refused. */
  add(spec: JobSpec): void;
  start(): void;
  /** Stops the timer and waits for the runs in flight. */
  stop(): Promise<void>;
  /** Runs the job now (or joins its run in flight) and resolves with its status afterwards. */
  run(name: string): Promise<JobStatus>;
  /** Every job, in the order they were added. */
  status(): JobStatus[];
  has(name: string): boolean;
}

interface Job {
  spec: JobSpec;
  status: JobStatus;
  totals: Record<string, number>;
  current?: Promise<void>;
  dueAt: number;
}

/** The longest a timer is armed for; a job due later is checked again then. */
const MAX_TIMER_MS = 3_600_000;
const MAX_ERROR_LENGTH = 200;

export function createScheduler({
  logger,
  now = Date.now,
}: {
  logger: SchedulerLogger;
  now?: () => number;
}): Scheduler {
  const jobs = new Map<string, Job>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  let stopped = false;

  const execute = (job: Job): Promise<void> => {
    if (job.current) return job.current;
    const startedAt = now();
    job.status.running = true;
    job.status.lastStartedAt = new Date(startedAt);
    // Deferred a tick, so `job.current` is set before a job that throws at once reaches `finally`.
    job.current = Promise.resolve().then(async () => {
      try {
        const counts = (await job.spec.run(new Date(startedAt))) ?? {};
        for (const [k, v] of Object.entries(counts)) job.totals[k] = (job.totals[k] ?? 0) + v;
        Object.assign(job.status, { lastOutcome: 'ok', lastCounts: counts, lastSuccessAt: new Date(now()) });
        const busy = Object.values(counts).some((n) => n > 0);
        const level = busy && job.spec.logLevel !== 'debug' ? 'info' : 'debug';
        logger[level]({ job: job.spec.name, ...counts }, 'job ran');
      } catch (error) {
        job.status.failures++;
        Object.assign(job.status, { lastOutcome: 'error', lastError: describe(error) });
        // Name and code only: a driver's message may quote the data it choked on.
        const err = error instanceof Error ? { name: error.name, code: (error as { code?: unknown }).code } : {};
        logger.error({ job: job.spec.name, err }, 'job failed; retrying at the next interval');
      } finally {
        const finishedAt = now();
        job.status.runs++;
        job.status.running = false;
        job.status.lastFinishedAt = new Date(finishedAt);
        job.status.lastDurationMs = finishedAt - startedAt;
        job.dueAt = Math.max(startedAt + job.spec.everyMs, finishedAt);
        job.current = undefined;
        arm();
      }
    });
    return job.current;
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    const t = now();
    for (const job of jobs.values()) if (!job.current && job.dueAt <= t) void execute(job);
    arm();
  };

  /** One timer, for the job due first. */
  function arm() {
    if (!started || stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    let next = Number.POSITIVE_INFINITY;
    for (const job of jobs.values()) if (!job.current) next = Math.min(next, job.dueAt);
    timer = undefined;
    if (next === Number.POSITIVE_INFINITY) return;
    timer = setTimeout(tick, Math.min(MAX_TIMER_MS, Math.max(0, next - now())));
    timer.unref?.();
  }

  const snapshot = (job: Job): JobStatus => ({
    ...job.status,
    totals: { ...job.totals },
    nextRunAt: started && !stopped ? new Date(job.dueAt) : undefined,
  });

  return {
    add(spec) {
      if (jobs.has(spec.name)) throw new Error(`job "${spec.name}" is already scheduled`);
      if (!(spec.everyMs > 0)) throw new Error(`job "${spec.name}" needs a positive interval`);
      const status: JobStatus = {
        name: spec.name,
        description: spec.description,
        everyMs: spec.everyMs,
        runs: 0,
        failures: 0,
        running: false,
        totals: {},
      };
      jobs.set(spec.name, { spec, status, totals: {}, dueAt: now() + (spec.firstAfterMs ?? 0) });
      arm();
    },
    start() {
      if (started) return;
      started = true;
      // Offsets count from the start, not from when each job was added.
      const t = now();
      for (const job of jobs.values()) job.dueAt = t + (job.spec.firstAfterMs ?? 0);
      arm();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await Promise.allSettled([...jobs.values()].map((j) => j.current));
    },
    async run(name) {
      const job = jobs.get(name);
      if (!job) throw new Error(`no job "${name}"`);
      await execute(job);
      return snapshot(job);
    },
    status: () => [...jobs.values()].map(snapshot),
    has: (name) => jobs.has(name),
  };
}

/** `Error: message`, cut short, with email-like text masked: the admin sees it, and so may a screenshot. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const masked = text.replace(/[^\s@<>"']+@[^\s@<>"']+/g, '[address]');
  return masked.length > MAX_ERROR_LENGTH ? `${masked.slice(0, MAX_ERROR_LENGTH - 1)}…` : masked;
}
