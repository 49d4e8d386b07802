// Stats queries at scale: synthetic events over 30 days are generated straight into a temp DuckDB
// file (INSERT … SELECT from range(), hash-based distributions, no HTTP), then each report of the
// stats API runs through the real code (params → reports service → DuckDB StatsStore) for a
// 30-day range: warm-up runs, then BENCH_RUNS timed runs; p50 and p95 per query and size, the
// 10M/1M ratio and the bytes on disk per event (events and the `visits` tables built from them). Bounded by BENCH_MAX_SECONDS; temp files removed.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleGateway, generate } from './synthetic.mjs';

const SIZES = (process.env.BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 2;
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 900);
const GOAL_P95_MS = 150;
const GOAL_RATIO = 3;
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;

const range = 'from=2026-11-01&to=2026-11-30&tz=UTC';
const QUERIES = [
  ['summary', 'summary', ''],
  ['timeseries_day', 'timeseries', 'interval=day'],
  ['breakdown_page', 'breakdown', 'property=page'],
  ['breakdown_source', 'breakdown', 'property=source'],
  ['breakdown_country', 'breakdown', 'property=country'],
  ['breakdown_browser', 'breakdown', 'property=browser'],
  ['breakdown_device', 'breakdown', 'property=device'],
  ['breakdown_entry_page', 'breakdown', 'property=entry_page'],
  [
    'breakdown_source_filtered',
    'breakdown',
    `property=source&filters=${encodeURIComponent('country==DE;page==/pricing')}`,
  ],
  ['summary_compare', 'summary', 'compare=previous'],
];

const dir = await mkdtemp(join(tmpdir(), 'candor-bench-reports-'));
const cleanup = () => rm(dir, { recursive: true, force: true });
process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));

try {
  const lib = await bundleGateway(dir);
  const config = { sites: [{ id: 'demo', hostnames: ['localhost'], timezone: 'Europe/Berlin' }] };
  const sizes = [];
  for (const n of SIZES) sizes.push(await benchSize(lib, config, n));
  console.log(JSON.stringify(report(sizes), null, 2));
} finally {
  await cleanup();
}

async function benchSize(lib, config, events) {
  const file = join(dir, `events-${events}.duckdb`);
  // BENCH_DUCKDB_MEMORY_LIMIT (e.g. 256MB): the gateway's CANDOR_DUCKDB_MEMORY_LIMIT, to check the
  // seal of a 10M-event backlog and the reports under a cap.
  const memoryLimit = process.env.BENCH_DUCKDB_MEMORY_LIMIT || undefined;
  const store = await lib.openDuckDbEventStore(file, undefined, {
    // The store's clock at the epoch: its seal on opening must not move W past the synthetic
    // data (November 2026), which is written straight into the table rather than inserted.
    now: () => 0,
    memoryLimit,
    onSealStep: ({ step, sealedBefore }) => {
      if (step % 10 === 0) console.error(`  sealing: step ${step}, visits before ${sealedBefore.toISOString()}`);
    },
  });
  const gen = await store.connect();
  const t0 = performance.now();
  // The synthetic data is one statement of 10M rows; only the seal and the reports are capped.
  if (memoryLimit) await gen.run("SET memory_limit = '8GB'");
  await generate(gen, events, { from: '2026-11-01', days: 30, site: 'demo' });
  if (memoryLimit) {
    // As after a restart: the backlog is on disk, and only the cap is in memory.
    await gen.run('CHECKPOINT');
    await gen.run(`SET memory_limit = '${memoryLimit}'`);
  }
  const generateSeconds = round((performance.now() - t0) / 1000, 1);
  // What the gateway does as events arrive: seal the visits that finished (here all of them, as
  // the clock is past the range); reports then read `visits` and group only unsealed events.
  console.error(`${events} events generated; sealing`);
  const t1 = performance.now();
  await store.seal(new Date('2026-12-01T12:00:00Z'));
  const sealSeconds = round((performance.now() - t1) / 1000, 1);
  const counts = (
    await gen.runAndReadAll('SELECT count(*) AS n, count(DISTINCT session_id) AS s FROM events')
  ).getRowObjects()[0];
  await gen.run('CHECKPOINT');
  gen.closeSync();
  const rows = Number(counts.n);
  const bytes = (await stat(file)).size;
  console.error(
    `${rows} events, ${counts.s} sessions, ${(bytes / 2 ** 20).toFixed(1)} MiB, generated in ${generateSeconds} s, sealed in ${sealSeconds} s`,
  );

  const stats = await lib.createDuckDbStats(store);
  const reports = lib.createReports(stats);
  const now = () => Date.parse('2026-12-01T12:00:00Z');
  const queries = {};
  for (const [name, kind, extra] of QUERIES) {
    const q = lib.parseStatsQuery(new URLSearchParams(`${range}&${extra}`), kind, { config, now });
    const run = () => reports[kind](q);
    for (let i = 0; i < WARMUP; i++) await run();
    const times = [];
    while (times.length < RUNS && elapsed() < MAX_SECONDS) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    queries[name] = { p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), runs: times.length };
    console.error(
      `${String(rows).padStart(9)} ${name.padEnd(26)} p50 ${queries[name].p50Ms} ms  p95 ${queries[name].p95Ms} ms`,
    );
  }
  await stats.close();
  await store.close();
  return {
    events: rows,
    sessions: Number(counts.s),
    bytesOnDisk: bytes,
    bytesPerEvent: round(bytes / rows, 1),
    generateSeconds,
    sealSeconds,
    queries,
  };
}

function report(sizes) {
  const small = sizes.find((s) => s.events < 2_000_000);
  const large = sizes.find((s) => s.events >= 5_000_000) ?? sizes[sizes.length - 1];
  const ratio = {};
  if (small && large && small !== large) {
    for (const name of Object.keys(large.queries)) {
      const [a, b] = [small.queries[name], large.queries[name]];
      ratio[name] = { p50: round(b.p50Ms / a.p50Ms, 1), p95: round(b.p95Ms / a.p95Ms, 1) };
    }
  }
  const over = Object.entries(large.queries)
    .filter(([, q]) => q.p95Ms > GOAL_P95_MS)
    .map(([name, q]) => ({ name, p95Ms: q.p95Ms, overBy: round(q.p95Ms / GOAL_P95_MS, 1) }));
  return {
    benchmark: 'reports: stats queries over 30 days of synthetic events (DuckDB file, real StatsStore)',
    runsPerQuery: RUNS,
    warmupRuns: WARMUP,
    sizes,
    ratioLargeToSmall: ratio,
    goals: {
      p95AtLargestMs: GOAL_P95_MS,
      p95Met: over.length === 0,
      p95Missed: over,
      ratioMax: GOAL_RATIO,
      ratioMet: Object.values(ratio).every((r) => r.p50 <= GOAL_RATIO),
    },
    seconds: round(elapsed(), 1),
  };
}

function percentile(sorted, p) {
  const xs = [...sorted].sort((a, b) => a - b);
  return round(xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? Number.NaN, 1);
}

function round(x, places) {
  return Math.round(x * 10 ** places) / 10 ** places;
}
