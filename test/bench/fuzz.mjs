// `node test/bench/fuzz.mjs [--seed N] [--count N] [--concurrency N]` (or FUZZ_SEED, FUZZ_COUNT):
// the long fuzz run against the built gateway. It prints counts per endpoint and status class,
// the gateway's RSS before and after, and every failure with the seed and index that reproduce it.
// Exits 1 on any failure. Not part of `pnpm test`; the CI run is test/integration/fuzz.test.ts.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { root } from './lib.mjs';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31) },
    count: { type: 'string', default: process.env.FUZZ_COUNT ?? '100000' },
    concurrency: { type: 'string', default: '32' },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
const concurrency = Number(values.concurrency);

// The fuzzer is TypeScript shared with the CI test; Node 20 cannot load .ts, so bundle it once,
// next to its sources so that paths.ts still finds the repository root from import.meta.url.
const outfile = join(root, `test/support/.fuzz-bundle-${process.pid}.mjs`);
await build({
  stdin: {
    contents: "export * from './fuzz.ts'; export * from './fuzz-session.ts';",
    resolveDir: join(root, 'test/support'),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'error',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const { CRASH_MARKS, runFuzz, startFuzzTarget, vmRssKiB } = await import(outfile).finally(() => rm(outfile));

const { gw, ctx } = await startFuzzTarget();
const pid = gw.child.pid;
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
console.error(`fuzz: seed ${seed}, ${count} requests, ${concurrency} in flight, gateway pid ${pid} at ${gw.url}`);
const rssBefore = vmRssKiB(pid);
const report = await runFuzz(
  {
    url: gw.url,
    ctx,
    seed,
    count,
    concurrency,
    progress: (n) => console.error(`  ${n} sent, RSS ${mib(vmRssKiB(pid))}`),
  },
  root,
);
await new Promise((r) => setTimeout(r, 2000));
const rssAfter = vmRssKiB(pid);
const alive = gw.child.exitCode === null && gw.child.signalCode === null;
const crashed = CRASH_MARKS.exec(gw.output())?.[0];
const health = alive ? (await fetch(`${gw.url}/healthz`)).status : 0;
await gw.stop();
await rm(gw.dataDir, { recursive: true, force: true });

const endpoints = Object.keys(report.counts).sort();
const classes = [...new Set(endpoints.flatMap((e) => Object.keys(report.counts[e])))].sort();
console.log(`\n${'endpoint'.padEnd(48)}${classes.map((c) => c.padStart(9)).join('')}`);
for (const e of endpoints)
  console.log(`${e.padEnd(48)}${classes.map((c) => String(report.counts[e][c] ?? 0).padStart(9)).join('')}`);
console.log(
  `\n${report.total} requests in ${(report.ms / 1000).toFixed(1)} s (${Math.round(report.total / (report.ms / 1000))}/s)`,
);
console.log(`gateway RSS before ${mib(rssBefore)}, after ${mib(rssAfter)}; alive ${alive}; /healthz ${health}`);

const grown = rssAfter > Math.max(rssBefore * 1.5, rssBefore + 64 * 1024);
for (const f of report.failures) {
  console.log(`FAIL seed=${f.seed} index=${f.index}: ${f.reason}\n  ${f.request}`);
}
if (crashed) console.log(`FAIL the gateway's output contains "${crashed}"`);
if (grown) console.log('FAIL the gateway RSS grew more than 50% and 64 MiB');
const failed = report.failures.length > 0 || !alive || health !== 200 || crashed || grown;
console.log(failed ? `\nFAILED (reproduce: node test/bench/fuzz.mjs --seed ${seed} --count ${count})` : '\nOK');
process.exit(failed ? 1 : 0);
