import { type CandorConfig, DATA_INVENTORY } from '@candor/config';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { enforceRetention } from '../retention/enforce.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import { sampleEvent } from '../store/events.fixtures.ts';
import { testApp } from '../testing.ts';
import { form, signedIn } from './fixtures.ts';

/** An app whose scheduler has a failing job and the real retention job (nothing started: runs are manual). */
function withJobs(config?: CandorConfig) {
  const scheduler = createScheduler({ logger: createLogger('silent') });
  const t = testApp({ scheduler, ...(config ? { config } : {}) });
  scheduler.add({
    name: 'retention',
    description: 'Deletes what has outlived its period.',
    everyMs: 3_600_000,
    run: async (now) => ({
      ...(await enforceRetention(
        { retention: t.deps.config.retention, records: t.deps.records, events: t.events, sessionIdleMs: 900_000 },
        now,
      )),
    }),
  });
  scheduler.add({
    name: 'mail.deliver',
    description: 'Sends queued email.',
    everyMs: 5_000,
    run: () => {
      throw new Error('connect ECONNREFUSED for dpo@example.com');
    },
  });
  return { ...t, scheduler };
}

describe('/admin/jobs', () => {
  it('lists each job with its last result and runs one on request, audited', async () => {
    const { app, deps, scheduler } = withJobs();
    const { headers, csrf, user } = await signedIn(app, deps, 'admin');
    await scheduler.run('mail.deliver');

    const page = await (await app.request('/admin/jobs', { headers })).text();
    expect(page).toContain('<code>retention</code>');
    expect(page).toMatch(/<td>not yet<\/td>/);
    expect(page).toContain('failed: Error: connect ECONNREFUSED for [address]');
    expect(page).not.toContain('dpo@example.com');
    expect(page).toContain('1 (1)');

    const ran = await app.request('/admin/jobs/retention/run', form({ _csrf: csrf }, headers));
    expect(ran.status).toBe(303);
    expect(ran.headers.get('location')).toBe('/admin/jobs?ran=retention');
    expect(scheduler.status().find((j) => j.name === 'retention')).toMatchObject({ runs: 1, lastOutcome: 'ok' });
    const after = await (await app.request('/admin/jobs?ran=retention', { headers })).text();
    expect(after).toContain('Ran retention.');
    expect(after).toMatch(/ok, nothing to do in \d+ ms/);
    const [entry] = await deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ actor: `user:${user.id}`, action: 'job.run', target: 'job:retention' });

    const unknown = await app.request('/admin/jobs/nope/run', form({ _csrf: csrf }, headers));
    expect(unknown.headers.get('location')).toBe('/admin/jobs');
  });

  it('says so when the process has no scheduler', async () => {
    const { app, deps } = testApp();
    const { headers } = await signedIn(app, deps, 'admin');
    expect(await (await app.request('/admin/jobs', { headers })).text()).toContain(
      'No scheduler runs in this process.',
    );
  });
});

describe('/admin/inventory', () => {
  it('lists every table with what it holds, whether it is personal, and the configured period', async () => {
    const { app, deps } = withJobs();
    const { headers } = await signedIn(app, deps, 'privacy');
    const res = await app.request('/admin/inventory', { headers });
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const entry of DATA_INVENTORY) expect(page).toContain(`<code>${entry.tables.join(', ')}</code>`);
    expect(page).toContain('5 years, then deleted');
    expect(page).toContain('2 years, then deleted, with the visits they make up');
    expect(page).toContain('Pseudonymous');
    expect(page).toContain('The retention job has not run yet');
  });

  it('shows the periods of the running config and what retention removed', async () => {
    const base = testApp().deps.config;
    const { app, deps, scheduler, events } = withJobs({
      ...base,
      retention: { ...base.retention, analyticsEventsDays: 30 },
    });
    const day = 86_400_000;
    await events.insert([
      sampleEvent({ time: new Date(Date.now() - 40 * day) }),
      sampleEvent({ time: new Date(Date.now() - 41 * day) }),
      sampleEvent({ time: new Date(Date.now() - 29 * day) }),
    ]);
    await scheduler.run('retention');
    const { headers } = await signedIn(app, deps, 'admin');
    const page = await (await app.request('/admin/inventory', { headers })).text();
    expect(page).toContain('30 days, then deleted, with the visits they make up');
    expect(page).toMatch(/Retention last ran .* UTC: ok in \d+ ms: events 2\./);
    expect(page).toMatch(/with the visits they make up<\/td><td class="num">2<\/td>/);
    expect(events.rows).toHaveLength(1);
  });
});
