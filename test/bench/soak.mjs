// `pnpm bench:soak`: mixed traffic against the built gateway for SOAK_SECONDS (default 600) at
// about half the measured maximum event rate: tracker events, consent choices, stats reports and
// one-click unsubscribes. Prints RSS at the start (after a warm-up) and the end, the event-loop
// lag p99 scraped from /metrics every 10 s, and every error (a non-2xx or a socket error); also
// the median RSS of the first and last two minutes, split into V8 heap and native memory, since a
// single sample swings with the heap between major GCs. SOAK_EVENTS_PER_SECOND fixes the rate;
// SOAK_{REPORTS,CONSENTS,UNSUBSCRIBES}_PER_SECOND set the others (0 leaves one out).
// The gateway starts, as a deployed one does, on a history: SOAK_SEED_EVENTS (default 10M, 0 for
// an empty store) synthetic events over the last 30 days, sealed, so the store's caches start
// warm and the soak measures the gateway rather than a new database filling its first blocks.
// Goal: RSS growth under 10% and 0 errors. Bounded in time; binds 127.0.0.1 only; temp data removed.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { importBundle, load, root, rssMiB, startGateway, stop } from './lib.mjs';
import { bundleGateway, generate } from './synthetic.mjs';
import { addressPool, eventBody, USER_AGENTS } from './traffic.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WARMUP_SECONDS = Math.min(30, Math.max(5, Math.round(SECONDS / 20)));
// Each kind's rate can be set (0 leaves it out), to tell which traffic the memory goes with.
const rate = (name, fallback) => Number(process.env[name] ?? fallback);
const REPORTS_PER_SECOND = rate('SOAK_REPORTS_PER_SECOND', 5);
const CONSENTS_PER_SECOND = rate('SOAK_CONSENTS_PER_SECOND', 20);
const UNSUBSCRIBES_PER_SECOND = rate('SOAK_UNSUBSCRIBES_PER_SECOND', 5);
const SEED_EVENTS = Number(process.env.SOAK_SEED_EVENTS ?? 10_000_000);
const METRICS_TOKEN = 'soak-metrics-token-0123456789';
const ORIGIN = 'http://localhost:8080';
const log = (line) => process.stderr.write(`${line}\n`);

const { configHash, revision } = await consentConstants();
const dataDir = await mkdtemp(join(tmpdir(), 'candor-soak-'));
const seeded = await (SEED_EVENTS > 0 ? seed(dataDir, SEED_EVENTS) : { events: 0, seconds: 0 });
const gw = await startGateway(
  {
    CANDOR_TRUST_PROXY: '1',
    CANDOR_METRICS_TOKEN: METRICS_TOKEN,
    LOG_LEVEL: 'warn',
    // As the deployment guide's systemd unit runs it (README, "Memory"); SOAK_GATEWAY_ENV can unset it.
    MALLOC_ARENA_MAX: '2',
    // e.g. SOAK_NODE_OPTIONS=--max-semi-space-size=64, to compare V8 heap settings.
    ...(process.env.SOAK_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SOAK_NODE_OPTIONS } : {}),
    // e.g. SOAK_GATEWAY_ENV='CANDOR_DUCKDB_MEMORY_LIMIT=256MB MALLOC_ARENA_MAX=2': more gateway settings.
    ...Object.fromEntries(
      (process.env.SOAK_GATEWAY_ENV ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
  },
  dataDir,
).catch(async (error) => {
  await rm(dataDir, { recursive: true, force: true });
  throw error;
});
try {
  const key = execFileSync(
    process.execPath,
    ['gateway/dist/cli.js', 'apikey', 'create', '--name', 'soak', '--scope', 'stats:read,unsubscribe:write'],
    { cwd: root, env: { PATH: process.env.PATH, CANDOR_DATA_DIR: gw.dataDir, CANDOR_SECRET: 'b'.repeat(40) } },
  )
    .toString()
    .trim()
    .split('\n')
    .at(-1);
  const auth = { authorization: `Bearer ${key}` };
  const tokens = [];
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${gw.url}/api/unsubscribe-links`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `soak-${i}@example.com`, list: i % 2 ? 'newsletter' : 'product-updates' }),
    });
    tokens.push(new URL((await res.json()).url).pathname);
  }

  // The maximum, measured here: 10 s of events only, 50 connections.
  const addresses = addressPool(20_000, 7);
  let n = 0;
  const eventRequest = (req) => {
    const i = n++;
    req.body = eventBody(ORIGIN, i);
    req.headers['user-agent'] = USER_AGENTS[i % USER_AGENTS.length];
    req.headers['x-forwarded-for'] = addresses[i % addresses.length];
    return req;
  };
  const max = await load({
    url: `${gw.url}/api/event`,
    method: 'POST',
    duration: 10,
    headers: { 'content-type': 'text/plain' },
    requests: [{ setupRequest: eventRequest }],
  });
  // SOAK_EVENTS_PER_SECOND fixes the rate, so runs on a busier or quieter machine compare.
  const target = Number(process.env.SOAK_EVENTS_PER_SECOND) || Math.max(50, Math.round(max.requests.average / 2));
  log(
    `maximum ${Math.round(max.requests.average)} events/s; soaking at ${target}/s plus consent, reports and unsubscribes for ${SECONDS} s`,
  );

  const errors = [];
  const run = (name, options) =>
    new Promise((resolve) => {
      if (options.overallRate === 0) return resolve({ name, requests: 0, non2xx: 0, errors: 0 });
      const instance = autocannon({ connections: 4, duration: SECONDS + WARMUP_SECONDS, ...options }, (err, r) => {
        if (err) errors.push(`${name}: ${err.message}`);
        resolve({
          name,
          requests: r?.requests.total ?? 0,
          non2xx: r?.non2xx ?? 0,
          errors: (r?.errors ?? 0) + (r?.timeouts ?? 0),
        });
      });
      instance.on('response', (_client, status) => {
        if (status >= 300 && errors.length < 50) errors.push(`${name}: HTTP ${status}`);
      });
    });
  let c = 0;
  const runs = Promise.all([
    run('events', {
      url: `${gw.url}/api/event`,
      method: 'POST',
      connections: 20,
      overallRate: target,
      headers: { 'content-type': 'text/plain' },
      requests: [{ setupRequest: eventRequest }],
    }),
    run('consent', {
      url: `${gw.url}/api/consent`,
      method: 'POST',
      overallRate: CONSENTS_PER_SECOND,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const i = c++;
            req.headers['x-forwarded-for'] = addresses[(i * 17) % addresses.length];
            req.body = JSON.stringify({
              id: randomUUID(),
              action: i % 3 === 0 ? 'reject_all' : 'accept_all',
              granted:
                i % 3 === 0
                  ? ['necessary']
                  : ['necessary', 'preferences', 'analytics', 'marketing', 'ga4', 'hubspot', 'youtube', 'candor'],
              denied: i % 3 === 0 ? ['preferences', 'analytics', 'marketing', 'ga4', 'hubspot', 'youtube'] : [],
              revision,
              configHash,
              locale: 'en',
              gpc: false,
              path: '/',
            });
            return req;
          },
        },
      ],
    }),
    run('reports', {
      url: `${gw.url}/api/stats/summary?period=7d&compare=previous`,
      overallRate: REPORTS_PER_SECOND,
      headers: auth,
      requests: [
        { path: '/api/stats/summary?period=7d&compare=previous' },
        { path: '/api/stats/breakdown?period=30d&property=page' },
        { path: '/api/stats/timeseries?period=today' },
      ],
    }),
    run('unsubscribe', {
      url: `${gw.url}${tokens[0]}`,
      method: 'POST',
      overallRate: UNSUBSCRIBES_PER_SECOND,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      requests: [
        {
          setupRequest: (req) => {
            const i = c++;
            req.path = tokens[i % tokens.length];
            req.headers['x-forwarded-for'] = addresses[(i * 31) % addresses.length];
            return req;
          },
        },
      ],
    }),
  ]);

  // Scrape every 10 s: RSS from /proc, lag p99 from /metrics.
  const samples = [];
  const started = Date.now();
  let startRss;
  let lastFlush = { sum: 0, count: 0 };
  while (Date.now() - started < (SECONDS + WARMUP_SECONDS) * 1000) {
    await new Promise((r) => setTimeout(r, 10_000));
    const text = await (
      await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const metric = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    const lag = metric('nodejs_eventloop_lag_p99_seconds') * 1000;
    const depth = metric('candor_event_buffer_depth');
    // The V8 heap, when the gateway reports it: tells heap growth from native (DuckDB) growth.
    const heapMiB = Math.round(metric('nodejs_heap_size_used_bytes') / 2 ** 20);
    const heapTotalMiB = Math.round(metric('nodejs_heap_size_total_bytes') / 2 ** 20);
    // DuckDB's own accounting (all tags) and Buffers: the parts of native memory that can be named.
    const duckMiB = Math.round(sumOf(text, 'candor_event_store_memory_bytes') / 2 ** 20);
    const externalMiB = Math.round(metric('nodejs_external_memory_bytes') / 2 ** 20);
    const flushes = {
      sum: metric('candor_event_flush_seconds_sum'),
      count: metric('candor_event_flush_seconds_count'),
    };
    const flushMs = Math.round(((flushes.sum - lastFlush.sum) / Math.max(1, flushes.count - lastFlush.count)) * 1000);
    lastFlush = flushes;
    const rss = rssMiB(gw.child.pid);
    const t = Math.round((Date.now() - started) / 1000);
    if (startRss === undefined && t >= WARMUP_SECONDS) startRss = rss;
    const nativeMiB = Number.isFinite(heapTotalMiB) ? Math.round(rss - heapTotalMiB) : Number.NaN;
    samples.push({
      t,
      rssMiB: rss,
      heapTotalMiB,
      nativeMiB,
      duckMiB,
      externalMiB,
      lagP99Ms: Math.round(lag * 10) / 10,
      bufferDepth: depth,
      flushMs,
    });
    const heap = Number.isFinite(heapMiB)
      ? `  heap ${heapMiB}/${heapTotalMiB} MiB  duckdb ${duckMiB} MiB  external ${externalMiB} MiB`
      : '';
    log(
      `${String(t).padStart(4)} s  RSS ${rss} MiB${heap}  lag p99 ${Math.round(lag * 10) / 10} ms  buffer ${depth} events  flush ${flushMs} ms`,
    );
  }
  const results = await runs;
  const endRss = rssMiB(gw.child.pid);
  const lags = samples
    .map((s) => s.lagP99Ms)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const growth = percent(startRss, endRss);
  // One RSS sample swings by up to ±100 MiB with the V8 heap's size between major GCs, so the
  // trend is also given as the median of the first and of the last two minutes after the warm-up,
  // and split into the V8 heap and the rest (native), with DuckDB's and the Buffers' shares of it.
  const after = samples.filter((x) => x.t >= WARMUP_SECONDS);
  const window = Math.max(1, Math.min(12, Math.floor(after.length / 3)));
  const median = (xs) => {
    const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return v.length === 0 ? Number.NaN : v[Math.floor(v.length / 2)];
  };
  const trend = (key) => {
    const first = median(after.slice(0, window).map((x) => x[key]));
    const last = median(after.slice(-window).map((x) => x[key]));
    return { first, last, growthPercent: percent(first, last) };
  };
  const failures =
    results.reduce((sum, r) => sum + r.non2xx + r.errors, 0) + errors.filter((e) => !e.includes('HTTP')).length;
  const report = {
    benchmark: 'soak: mixed traffic at half the measured maximum',
    seconds: SECONDS,
    seededEvents: seeded.events,
    seedSeconds: seeded.seconds,
    maxEventsPerSecond: Math.round(max.requests.average),
    targetEventsPerSecond: target,
    runs: results,
    rssMiB: {
      start: startRss,
      end: endRss,
      growthPercent: growth,
      min: Math.min(...after.map((x) => x.rssMiB)),
      max: Math.max(...after.map((x) => x.rssMiB)),
      medianOfFirstAndLast: { windowSeconds: window * 10, ...trend('rssMiB') },
      heapTotal: trend('heapTotalMiB'),
      native: trend('nativeMiB'),
      duckdb: trend('duckMiB'),
      external: trend('externalMiB'),
    },
    eventLoopLagP99Ms: { median: lags[Math.floor(lags.length / 2)], max: lags.at(-1) },
    errors: failures,
    firstErrors: errors.slice(0, 10),
    goals: {
      rssGrowthUnder10Percent: growth < 10,
      rssMedianGrowthUnder10Percent: trend('rssMiB').growthPercent < 10,
      zeroErrors: failures === 0,
    },
  };
  console.log(JSON.stringify(report, null, 2));
  if (!report.goals.zeroErrors) process.exitCode = 1;
} finally {
  await stop(gw.child);
  await rm(gw.dataDir, { recursive: true, force: true });
}

/**
 * Writes `events` synthetic events over the 30 days before yesterday into `dir`'s event store and
 * seals them, with the gateway's own store code: the history a deployed gateway starts on.
 */
async function seed(dir, events) {
  const t0 = performance.now();
  const bundle = await mkdtemp(join(tmpdir(), 'candor-soak-bundle-'));
  try {
    const lib = await bundleGateway(bundle);
    // The clock at the epoch while generating: the seal runs once, over all of it, below.
    const store = await lib.openDuckDbEventStore(join(dir, 'events.duckdb'), undefined, {
      now: () => 0,
      onSealStep: ({ step, sealedBefore }) => {
        if (step % 10 === 0) log(`  seeding: sealing step ${step}, visits before ${sealedBefore.toISOString()}`);
      },
    });
    const conn = await store.connect();
    const from = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
    await generate(conn, events, { from, days: 30, site: 'demo' });
    const { n } = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events')).getRowObjects()[0];
    conn.closeSync();
    log(`seeding: ${n} events from ${from}; sealing`);
    await store.seal(new Date());
    await store.close();
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    log(`seeding: done in ${seconds} s`);
    return { events: n, seconds };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(bundle, { recursive: true, force: true });
  }
}

/** The sum of every sample of a labelled family in Prometheus text. */
function sumOf(text, name) {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

function percent(from, to) {
  return Math.round(((to - from) / from) * 1000) / 10;
}

/** The demo config's policy revision and banner config hash, as the built banner sends them. */
async function consentConstants() {
  const file = join(root, 'test/bench', `.soak-constants-${process.pid}.mjs`);
  try {
    return await importBundle(
      `import { bannerConfig, consentNotice, noticeHash, parseConfig } from '@candor/config';
        import { LOCALES } from '@candor/consent/messages';
        import demo from '../../candor.config.ts';
        const config = parseConfig(demo, 'candor.config.ts');
        export const revision = config.policy.revision;
        export const configHash = await noticeHash(consentNotice(config, bannerConfig(config), 'en', LOCALES.en));`,
      join(root, 'test/bench'),
      file,
    );
  } finally {
    await rm(file, { force: true });
  }
}
