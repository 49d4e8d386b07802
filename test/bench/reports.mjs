// Stats queries at scale: synthetic events over 30 days are generated straight into a temp DuckDB
// file (INSERT … SELECT from range(), hash-based distributions, no HTTP), then each report of the
// stats API runs through the real code (params → reports service → DuckDB StatsStore) for a
// 30-day range: warm-up runs, then BENCH_RUNS timed runs; p50 and p95 per query and size, the
// 10M/1M ratio and the bytes on disk per event (events and the `visits` tables built from them). Bounded by BENCH_MAX_SECONDS; temp files removed.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { root } from './lib.mjs';

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
  const lib = await loadGateway();
  const config = { sites: [{ id: 'demo', hostnames: ['localhost'], timezone: 'Europe/Berlin' }] };
  const sizes = [];
  for (const n of SIZES) sizes.push(await benchSize(lib, config, n));
  console.log(JSON.stringify(report(sizes), null, 2));
} finally {
  await cleanup();
}

/** Bundles the gateway's stats code (TypeScript) so this script runs exactly what the routes run. */
async function loadGateway() {
  const duckdb = createRequire(join(root, 'gateway/package.json')).resolve('@duckdb/node-api');
  const result = await build({
    stdin: {
      contents: `export { openDuckDbEventStore } from './store/duckdb/events.ts';
        export { createDuckDbStats } from './store/duckdb/reports.ts';
        export { parseStatsQuery } from './reports/params.ts';
        export { createReports } from './reports/service.ts';`,
      resolveDir: join(root, 'gateway/src'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    write: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'duckdb-external',
        setup(b) {
          b.onResolve({ filter: /^@duckdb\/node-api$/ }, () => ({ path: pathToFileURL(duckdb).href, external: true }));
        },
      },
    ],
  });
  const file = join(dir, 'stats.mjs');
  await writeFile(file, result.outputFiles[0].text);
  return import(pathToFileURL(file).href);
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
  await generate(gen, events);
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

/**
 * ~4.6 events per visit: pageviews (geometric, mean 2.2), one engagement per pageview, and a
 * custom event in 15% of visits. Entry time over 30 days with a daytime peak; Zipf-like pages;
 * sources, countries and browsers by realistic weights; only the entry pageview carries the
 * source and UTM tags; 80% of visits are the visitor's first of the day. Rows go in time order,
 * as the ingest buffer appends them.
 */
async function generate(conn, events) {
  const sessions = Math.round(events / 4.6);
  const u = (k) => `((hash(i, ${k}) % 1000003) / 1000003.0)`;
  await conn.run(`CREATE TEMP TABLE s AS SELECT i,
      TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_days(CAST(floor(${u(1)} * 30) AS INTEGER))
        + to_microseconds(CAST(CASE WHEN ${u(2)} < 0.7 THEN 7 + ${u(3)} * 12 ELSE ${u(3)} * 24 END * 3600e6 AS BIGINT)) AS t0,
      1 + LEAST(29, CAST(floor(ln(1 - ${u(4)}) / ln(0.55)) AS INTEGER)) AS npv,
      lpad(to_hex(hash(i, 'sid')), 16, '0') AS sid,
      ${u(5)} < 0.8 AS fod,
      list_extract(['', '', '', '', '', '', '', '', 'Google', 'Google', 'Google', 'Google', 'Google', 'Google', 'Bing',
        'DuckDuckGo', 'LinkedIn', 'Newsletter', 'X', 'Hacker News'], 1 + CAST(floor(${u(6)} * 20) AS INTEGER)) AS src0,
      ${u(7)} AS usrc,
      list_extract(['DE','DE','DE','DE','DE','DE','US','US','US','US','GB','GB','AT','CH','FR','FR','NL','ES','SE','PL',
        'IT','CA','AU','IN',''], 1 + CAST(floor(${u(8)} * 25) AS INTEGER)) AS country,
      CAST(floor(${u(9)} * 20) AS INTEGER) AS ua,
      ${u(10)} AS uc
    FROM range(${sessions}) t(i)`);
  await conn.run(`CREATE TEMP TABLE uas AS SELECT * FROM (VALUES
      (0,'Chrome','131','Windows','desktop'),(1,'Chrome','131','Windows','desktop'),(2,'Chrome','130','Windows','desktop'),
      (3,'Chrome','131','macOS','desktop'),(4,'Safari','17','macOS','desktop'),(5,'Safari','17','iOS','mobile'),
      (6,'Safari','17','iOS','mobile'),(7,'Safari','18','iOS','mobile'),(8,'Chrome','131','Android','mobile'),
      (9,'Chrome','131','Android','mobile'),(10,'Chrome','130','Android','mobile'),(11,'Firefox','133','Windows','desktop'),
      (12,'Firefox','132','Linux','desktop'),(13,'Edge','131','Windows','desktop'),(14,'Edge','130','Windows','desktop'),
      (15,'Samsung Internet','26','Android','mobile'),(16,'Safari','17','iPadOS','tablet'),(17,'Opera','114','Windows','desktop'),
      (18,'Chrome','131','Linux','desktop'),(19,'Chrome','131','ChromeOS','desktop')
    ) v(ua, browser, browser_version, os, device)`);
  const pick = 'hash(i, k, 21) % 100';
  await conn.run(`INSERT INTO events
    WITH pv AS (
      SELECT s.*, k, uas.browser, uas.browser_version, uas.os, uas.device,
        t0 + to_microseconds(CAST(k * (20 + 100 * ((hash(i, k, 20) % 1000) / 1000.0)) * 1e6 AS BIGINT)) AS t,
        CASE WHEN ${pick} < 25 THEN '/' WHEN ${pick} < 35 THEN '/pricing' WHEN ${pick} < 45 THEN '/features'
             WHEN ${pick} < 50 THEN '/about' WHEN ${pick} < 53 THEN '/privacy'
             ELSE '/blog/post-' || CAST(floor(pow((hash(i, k, 22) % 1000) / 1000.0, 2) * 300) AS INTEGER) END AS p,
        CAST(1000 * exp(((hash(i, k, 23) % 1000) / 1000.0) * 5.3) AS INTEGER) AS eng
      FROM s JOIN uas USING (ua), range(npv) r(k)
    ), all_rows AS (
      SELECT t AS time, 'pageview' AS name, p AS path,
        CASE WHEN k > 0 THEN '' WHEN src0 = '' AND usrc < 0.1 THEN 'ref-' || CAST(floor(usrc * 3000) AS INTEGER) || '.example'
             ELSE src0 END AS source,
        CASE WHEN k = 0 AND src0 NOT IN ('', 'Newsletter') THEN lower(replace(src0, ' ', '')) || '.com' ELSE '' END AS referrer_host,
        CASE WHEN k = 0 AND src0 = 'Newsletter' THEN 'newsletter' ELSE '' END AS utm_source,
        CASE WHEN k = 0 AND src0 = 'Newsletter' THEN 'email' ELSE '' END AS utm_medium,
        CASE WHEN k = 0 AND src0 = 'Newsletter' THEN 'nov-' || CAST(floor(uc * 4) AS INTEGER) ELSE '' END AS utm_campaign,
        country, browser, browser_version, os, device, sid, fod AND k = 0 AS first_of_day, 0 AS engaged_ms, '{}' AS props
      FROM pv
      UNION ALL
      SELECT t + to_microseconds(eng * 1000), 'engagement', p, '', '', '', '', '', country, browser, browser_version, os,
        device, sid, false, eng, '{}'
      FROM pv
      UNION ALL
      SELECT t + INTERVAL 5 SECOND,
        CASE WHEN uc < 0.06 THEN 'Signup' WHEN uc < 0.11 THEN 'Outbound Link: Click' WHEN uc < 0.14 THEN 'File Download'
             ELSE '404' END,
        p, '', '', '', '', '', country, browser, browser_version, os, device, sid, false, 0,
        CASE WHEN uc < 0.06 THEN '{"plan":"' || list_extract(['free', 'pro', 'team'], 1 + CAST(floor(uc * 50) % 3 AS INTEGER)) || '"}'
             WHEN uc < 0.11 THEN '{"url":"https://github.com/candor/' || CAST(floor(uc * 1000) AS INTEGER) || '"}'
             WHEN uc < 0.14 THEN '{"url":"https://cdn.example/guide-' || CAST(floor(uc * 100) AS INTEGER) || '.pdf"}'
             ELSE '{"path":"/old-' || CAST(floor(uc * 1000) AS INTEGER) || '"}' END
      FROM pv WHERE k = npv - 1 AND uc < 0.15
    )
    SELECT time, 'demo', name, path, source, referrer_host, utm_source, utm_medium, utm_campaign, '', '', country, browser,
      browser_version, os, device, sid, first_of_day, engaged_ms, props
    FROM all_rows ORDER BY time`);
  await conn.run('DROP TABLE s');
  await conn.run('DROP TABLE uas');
  await conn.run('CHECKPOINT');
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
