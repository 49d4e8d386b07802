// The crash loop of the durability test: acknowledged writes with a few always in flight, a
// SIGKILL after a seeded-random number of them, a restart on the same data dir, and a check that
// every acknowledged write is still there.

import type { WriteKind } from './durability-writes.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): (min: number, max: number) => number {
  let a = seed >>> 0;
  return (min, max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return min + Math.floor(unit * (max - min + 1));
  };
}

export interface CrashLoopOptions {
  dataDir: string;
  env: Record<string, string>;
  /** Called on the first gateway, before any crash, to set up each kind (keys, sessions). */
  kinds: (gw: RunningGateway) => Promise<WriteKind[]>;
  seed: number;
  /** Stop once every kind has this many acknowledged writes and there were `minKills` kills… */
  perKind: number;
  minKills: number;
  /** …or after this long, or this many kills, whichever comes first. */
  budgetMs: number;
  maxKills: number;
  /** Writes kept in flight at once, so the kill lands mid-request. */
  concurrency: number;
  /** Acknowledged writes between kills. */
  killAfter: [min: number, max: number];
}

export interface KindTally {
  acked: number;
  lost: string[];
}

export interface CrashLoopResult {
  kills: number;
  byKind: Map<string, KindTally>;
  /** Acknowledged writes missing at the final check, over the whole run. */
  lostAtEnd: string[];
  ms: number;
}

/** Runs the loop; returns the tallies with the gateway stopped (SIGTERM) at the end. */
export async function crashLoop(o: CrashLoopOptions): Promise<CrashLoopResult> {
  const started = Date.now();
  const random = seededRandom(o.seed);
  let gw = await startGateway({ dataDir: o.dataDir, env: o.env });
  const kinds = await o.kinds(gw);
  const acked = new Map(kinds.map((k) => [k.name, [] as string[]]));
  const byKind = new Map(kinds.map((k) => [k.name, { acked: 0, lost: [] as string[] }]));
  const tally = (k: WriteKind) => byKind.get(k.name) as KindTally;
  let kills = 0;
  const enough = () => kills >= o.minKills && [...byKind.values()].every((t) => t.acked >= o.perKind);
  let n = 0;
  try {
    while (!enough() && kills < o.maxKills && Date.now() - started < o.budgetMs) {
      const target = random(o.killAfter[0], o.killAfter[1]);
      const round = new Map(kinds.map((k) => [k.name, [] as string[]]));
      let ackedThisRound = 0;
      let killed = false;
      const current = gw;
      const kill = async () => {
        killed = true;
        // A little jitter so the kill lands at different points of the requests in flight.
        await new Promise((r) => setTimeout(r, random(0, 3)));
        await current.stop('SIGKILL');
      };
      let killing: Promise<void> | undefined;
      // Each lane writes one kind after another until the round's target is acknowledged.
      const lane = async () => {
        while (!killed) {
          const i = n++;
          const kind = kinds[i % kinds.length] as WriteKind;
          const key = await kind.write(current, i);
          if (key === undefined) continue; // died with the gateway: neither counted nor checked
          round.get(kind.name)?.push(key);
          acked.get(kind.name)?.push(key);
          tally(kind).acked++;
          if (++ackedThisRound >= target && !killed) killing = kill();
        }
      };
      await Promise.all(Array.from({ length: o.concurrency }, lane));
      await killing;
      kills++;
      gw = await startGateway({ dataDir: o.dataDir, env: o.env });
      for (const kind of kinds) tally(kind).lost.push(...(await kind.missing(gw, round.get(kind.name) ?? [])));
    }
    const lostAtEnd: string[] = [];
    for (const kind of kinds) lostAtEnd.push(...(await kind.missing(gw, acked.get(kind.name) ?? [])));
    return { kills, byKind, lostAtEnd, ms: Date.now() - started };
  } finally {
    await gw.stop();
  }
}

/** One line per kind and a total, for stderr. */
export function describeResult(r: CrashLoopResult, seed: number): string {
  const lines = [...r.byKind].map(([name, t]) => `  ${name.padEnd(12)} acknowledged ${t.acked}, lost ${t.lost.length}`);
  const acked = [...r.byKind.values()].reduce((sum, t) => sum + t.acked, 0);
  const lost = [...r.byKind.values()].reduce((sum, t) => sum + t.lost.length, 0);
  return [
    `durability (seed ${seed}): ${acked} writes acknowledged, ${r.kills} SIGKILLs, ${lost} lost after restarts, ${r.lostAtEnd.length} lost at the end, ${(r.ms / 1000).toFixed(1)} s`,
    ...lines,
  ].join('\n');
}
