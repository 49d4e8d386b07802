import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import { ARRIVALS_LOG_KEY, summariseArrivals } from './arrivals.ts';
import { DAY_MS, EMAIL, queued, seedRequest, systemsConfig, workflowDeps } from './workflow.fixtures.ts';

// Europe/Berlin (the demo's first site) is UTC+1 in March: 08:00 there is 07:00Z.
const daily = parseConfig(
  {
    ...systemsConfig,
    privacyRequests: { ...systemsConfig.privacyRequests, notify: ['dpo@example.com'], arrivals: 'daily' },
  },
  'test',
);
const at = (iso: string) => new Date(iso);

describe('the daily summary of newly confirmed requests', () => {
  it('goes out once a day from 08:00 site time, with the requests confirmed since the last one', async () => {
    const { deps, records } = workflowDeps({ config: daily });
    const first = await seedRequest(deps, { receivedAt: at('2026-03-02T09:00:00Z') });
    const second = await seedRequest(deps, { type: 'erase', receivedAt: at('2026-03-02T15:00:00Z') });

    // 07:59 in Berlin: not yet.
    expect(await summariseArrivals(deps, { now: at('2026-03-03T06:59:00Z') })).toEqual({ requests: 0, mails: 0 });
    expect(await summariseArrivals(deps, { now: at('2026-03-03T07:00:00Z') })).toEqual({ requests: 2, mails: 1 });
    const [mail] = await queued(records);
    expect(mail?.to).toBe('dpo@example.com');
    expect(mail?.subject).toBe('2 new privacy requests confirmed');
    expect(mail?.text).toContain(first.reference);
    expect(mail?.text).toContain(second.reference);
    expect(mail?.text).toContain('http://localhost:8080/admin/requests');
    expect(`${mail?.text}${mail?.html}`).not.toContain(EMAIL);

    // Later the same day: nothing more. The next day: only what was confirmed since.
    expect(await summariseArrivals(deps, { now: at('2026-03-03T12:00:00Z') })).toEqual({ requests: 0, mails: 0 });
    const third = await seedRequest(deps, { receivedAt: at('2026-03-03T10:00:00Z') });
    expect(await summariseArrivals(deps, { now: at('2026-03-04T07:30:00Z') })).toEqual({ requests: 1, mails: 1 });
    expect((await queued(records)).at(-1)?.text).toContain(third.reference);
    expect(await records.digests.lastSentWeek(ARRIVALS_LOG_KEY)).toBe('2026-03-04T07:30:00.000Z');
  });

  it('sends nothing on a day with no new request, and nothing at all with arrivals: each', async () => {
    const { deps, records } = workflowDeps({ config: daily });
    expect(await summariseArrivals(deps, { now: at('2026-03-03T08:00:00Z') })).toEqual({ requests: 0, mails: 0 });
    expect(await queued(records)).toEqual([]);

    const each = workflowDeps();
    await seedRequest(each.deps, { receivedAt: new Date(Date.parse('2026-03-03T08:00:00Z') - DAY_MS / 2) });
    expect(await summariseArrivals(each.deps, { now: at('2026-03-03T08:00:00Z') })).toEqual({ requests: 0, mails: 0 });
  });
});
