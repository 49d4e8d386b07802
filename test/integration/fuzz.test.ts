import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_MARKS, runFuzz, vmRssKiB } from '../support/fuzz.ts';
import { type FuzzTarget, startFuzzTarget } from '../support/fuzz-session.ts';
import { eventsStored } from '../support/metrics.ts';
import { root } from '../support/paths.ts';
import { loopSize } from '../support/tier.ts';

// A fixed seed in CI, so a failure reproduces: `node test/bench/fuzz.mjs --seed <seed> --count <n>`.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
// 20,000 requests in CI; a smoke run of 2,000 by hand (`FUZZ_COUNT` sets either).
const COUNT = loopSize('FUZZ_COUNT', { full: 20_000, smoke: 2_000 });

describe('hostile input against the built gateway', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await startFuzzTarget();
  });
  afterAll(async () => {
    await target.gw.stop();
    await rm(target.gw.dataDir, { recursive: true, force: true });
  });

  it(`answers ${COUNT} fuzzed requests on every public endpoint without a 5xx, a leak or a crash`, {
    timeout: 180_000,
  }, async () => {
    const { gw, ctx } = target;
    const pid = gw.child.pid ?? 0;
    const rssBefore = vmRssKiB(pid);
    const report = await runFuzz({ url: gw.url, ctx, seed: SEED, count: COUNT, concurrency: 24 }, root);
    // Let the event buffer drain before reading the resident set again.
    await eventsStored(gw, 0);
    const rssAfter = vmRssKiB(pid);
    console.log(
      `fuzz seed ${SEED}: ${report.total} requests in ${(report.ms / 1000).toFixed(1)} s; ` +
        `RSS ${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MiB\n${JSON.stringify(report.counts, null, 1)}`,
    );

    expect(report.failures.slice(0, 10)).toEqual([]);
    expect(report.total).toBe(COUNT);
    for (const [endpoint, classes] of Object.entries(report.counts)) {
      expect(Object.keys(classes), endpoint).not.toContain('5xx');
    }
    expect(Object.keys(report.counts).length).toBeGreaterThanOrEqual(19);
    expect(gw.child.exitCode, 'the gateway exited').toBeNull();
    expect(gw.output()).not.toMatch(CRASH_MARKS);
    expect(rssAfter).toBeLessThan(Math.max(rssBefore * 1.5, rssBefore + 64 * 1024));
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });
});
