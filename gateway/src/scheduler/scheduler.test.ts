import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { render } from '../metrics/text.ts';
import { jobFamilies } from './metrics.ts';
import { createScheduler, type JobCounts } from './scheduler.ts';

function setup() {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  return { scheduler: createScheduler({ logger }), log: () => lines.join('') };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the scheduler', () => {
  it('runs each job first after its offset, then at its interval, from one timer', async () => {
    vi.useFakeTimers();
    const { scheduler } = setup();
    const runs = { fast: 0, slow: 0 };
    scheduler.add({ name: 'fast', description: '', everyMs: 1_000, run: () => ({ n: ++runs.fast }) });
    scheduler.add({
      name: 'slow',
      description: '',
      everyMs: 60_000,
      firstAfterMs: 10_000,
      run: () => void runs.slow++,
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toEqual({ fast: 0, slow: 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual({ fast: 1, slow: 0 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toEqual({ fast: 11, slow: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual({ fast: 71, slow: 2 });
    expect(vi.getTimerCount()).toBe(1);
    await scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runs).toEqual({ fast: 71, slow: 2 });
  });

  it('never overlaps two runs of a job; a manual run joins the one in flight', async () => {
    vi.useFakeTimers();
    const { scheduler } = setup();
    let active = 0;
    let most = 0;
    let calls = 0;
    scheduler.add({
      name: 'slow',
      description: '',
      everyMs: 1_000,
      run: async () => {
        calls++;
        most = Math.max(most, ++active);
        await new Promise((r) => setTimeout(r, 5_000));
        active--;
        return { calls };
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    const manual = scheduler.run('slow');
    await vi.advanceTimersByTimeAsync(12_000);
    expect((await manual).lastCounts).toEqual({ calls: 1 });
    expect(most).toBe(1);
    // 12.1 s with 5 s runs, each next run due at once after the last: three started.
    expect(calls).toBe(3);
    const stopped = scheduler.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    await stopped;
    expect(calls).toBe(3);
  });

  it('records the outcome, counts and totals of each run, and a failure without personal data', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    const { scheduler, log } = setup();
    let fail = false;
    scheduler.add({
      name: 'retention',
      description: 'Deletes old rows.',
      everyMs: 60_000,
      run: (): JobCounts => {
        if (fail) throw Object.assign(new Error('cannot delete secret.person@example.com'), { code: 'SQLITE_BUSY' });
        return { consent_records: 2, login_log: 0 };
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(60_000);
    let [status] = scheduler.status();
    expect(status).toMatchObject({
      name: 'retention',
      runs: 2,
      failures: 0,
      lastOutcome: 'ok',
      lastCounts: { consent_records: 2, login_log: 0 },
      totals: { consent_records: 4, login_log: 0 },
      lastSuccessAt: new Date('2026-11-23T10:01:00Z'),
      nextRunAt: new Date('2026-11-23T10:02:00Z'),
    });

    fail = true;
    await vi.advanceTimersByTimeAsync(60_000);
    [status] = scheduler.status();
    expect(status).toMatchObject({ runs: 3, failures: 1, lastOutcome: 'error', totals: { consent_records: 4 } });
    expect(status?.lastError).toBe('Error: cannot delete [address]');
    expect(status?.lastSuccessAt).toEqual(new Date('2026-11-23T10:01:00Z'));
    expect(log()).toContain('"job":"retention"');
    expect(log()).toContain('SQLITE_BUSY');
    expect(log()).not.toContain('secret.person');

    fail = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(scheduler.status()[0]).toMatchObject({ runs: 4, failures: 1, lastOutcome: 'ok' });
    await scheduler.stop();
  });

  it('waits for the runs in flight on stop', async () => {
    vi.useFakeTimers();
    const { scheduler } = setup();
    let finished = false;
    scheduler.add({
      name: 'flush',
      description: '',
      everyMs: 1_000,
      run: async () => {
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
        return undefined;
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    const stopped = scheduler.stop();
    await vi.advanceTimersByTimeAsync(300);
    await stopped;
    expect(finished).toBe(true);
  });

  it.each([
    ['a duplicate name', { name: 'a', everyMs: 1 }],
    ['a zero interval', { name: 'b', everyMs: 0 }],
  ])('refuses %s', (_case, spec) => {
    const { scheduler } = setup();
    scheduler.add({ name: 'a', description: '', everyMs: 1_000, run: () => undefined });
    expect(() => scheduler.add({ ...spec, description: '', run: () => undefined })).toThrow();
  });

  it('rejects a manual run of an unknown job', async () => {
    await expect(setup().scheduler.run('nope')).rejects.toThrow('no job "nope"');
  });
});

describe('job metrics', () => {
  it('expose runs by outcome, last run and success times, duration, failure flag and reported items', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    const { scheduler } = setup();
    let fail = false;
    scheduler.add({
      name: 'retention',
      description: '',
      everyMs: 60_000,
      run: () => {
        if (fail) throw new Error('x');
        return { events: 5 };
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    fail = true;
    await vi.advanceTimersByTimeAsync(60_000);
    const text = render(jobFamilies(scheduler.status()));
    expect(text).toContain('candor_job_runs_total{job="retention",outcome="ok"} 1\n');
    expect(text).toContain('candor_job_runs_total{job="retention",outcome="error"} 1\n');
    expect(text).toContain(
      `candor_job_last_success_timestamp_seconds{job="retention"} ${Date.parse('2026-11-23T10:00:00Z') / 1000}\n`,
    );
    expect(text).toContain(
      `candor_job_last_run_timestamp_seconds{job="retention"} ${Date.parse('2026-11-23T10:01:00Z') / 1000}\n`,
    );
    expect(text).toContain('candor_job_last_failed{job="retention"} 1\n');
    expect(text).toContain('candor_job_items_total{job="retention",item="events"} 5\n');
    await scheduler.stop();
  });
});
