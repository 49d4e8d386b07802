// Durability under crashes: every write the gateway acknowledged with a 2xx (a consent record, a
// one-click unsubscribe, a privacy-request intake, an admin goal) is still there after a SIGKILL
// at a random moment and a restart on the same data dir. Analytics events are the exception by
// design: the ingest buffers about a second before DuckDB, so a SIGKILL loses what is buffered.
// The SIGTERM guarantee for events ("0 lost") is tested in ingest.test.ts; here the SIGKILL loss
// is measured and reported, not asserted (`node test/bench/durability.mjs` measures it in rounds).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLoop, describeResult } from '../support/durability.ts';
import { adminGoalKind, consentKind, intakeKind, unsubscribeKind } from '../support/durability-writes.ts';
import { startGateway } from '../support/gateway.ts';
import { loopSize } from '../support/tier.ts';

// A browser's agent: without one (fetch sends `node`) the bot filter drops every event, with 202.
const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const SEED = Number(process.env.DURABILITY_SEED ?? 20_261_101);
// In CI, at least 200 rounds of acknowledged writes, a SIGKILL, a restart and a check; by hand, a
// smoke run of the same loop (a round costs about a second).
const KILLS = loopSize('DURABILITY_KILLS', { full: 200, smoke: 15 });
const PER_KIND = loopSize('DURABILITY_PER_KIND', { full: 200, smoke: 25 });
const ENV = { CANDOR_TRUST_PROXY: '1' };

describe('durability of acknowledged writes across SIGKILL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'candor-durability-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged write (≥ ${PER_KIND} per kind) across ${KILLS} random SIGKILLs: 0 lost`, async () => {
    const result = await crashLoop({
      dataDir,
      env: ENV,
      kinds: async (gw) => [await consentKind(), await unsubscribeKind(gw), intakeKind(), await adminGoalKind(gw)],
      seed: SEED,
      perKind: PER_KIND,
      minKills: KILLS,
      budgetMs: 600_000,
      maxKills: KILLS + 50,
      concurrency: 4,
      // 1–3 writes of each of the four kinds between kills, so each kind is acknowledged, killed
      // and checked in every round; a restart costs about a second.
      killAfter: [4, 12],
    });
    process.stderr.write(`${describeResult(result, SEED)}\n`);
    for (const [name, tally] of result.byKind) {
      expect(tally.acked, `${name} writes acknowledged`).toBeGreaterThanOrEqual(PER_KIND);
      expect(tally.lost, `${name} writes lost`).toEqual([]);
    }
    expect(result.kills).toBeGreaterThanOrEqual(KILLS);
    expect(result.lostAtEnd).toEqual([]);
  }, 660_000);
});

describe('analytics events across one SIGKILL (information only)', () => {
  it('reports how many accepted events a SIGKILL loses', async () => {
    const gw = await startGateway({ env: ENV });
    try {
      let accepted = 0;
      const deadline = Date.now() + 1500;
      // A steady 2 events per 10 ms, killed mid-stream; events in flight at the kill are not counted.
      for (let i = 0; Date.now() < deadline; i++) {
        const sent = await Promise.all(
          [0, 1].map((j) =>
            fetch(`${gw.url}/api/event`, {
              method: 'POST',
              body: JSON.stringify({ n: 'pageview', u: `http://localhost:8080/k/${i}/${j}` }),
              headers: {
                'content-type': 'text/plain',
                'user-agent': BROWSER,
                'x-forwarded-for': `10.9.${i & 255}.${j}`,
              },
            }).then((r) => r.status),
          ),
        );
        accepted += sent.filter((s) => s === 202).length;
        await new Promise((r) => setTimeout(r, 10));
      }
      await gw.stop('SIGKILL');
      const instance = await DuckDBInstance.create(join(gw.dataDir, 'events.duckdb'));
      const conn = await instance.connect();
      const [row] = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events')).getRowObjectsJson();
      conn.closeSync();
      instance.closeSync();
      const persisted = Number(row?.n ?? 0);
      process.stderr.write(
        `analytics SIGKILL (information only): ${accepted} accepted, ${persisted} persisted, ${accepted - persisted} lost\n`,
      );
      expect(accepted).toBeGreaterThan(0);
      expect(persisted).toBeLessThanOrEqual(accepted);
    } finally {
      await gw.stop();
      await rm(gw.dataDir, { recursive: true, force: true });
    }
  });
});
