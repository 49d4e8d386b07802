// How many accepted analytics events (202) a SIGKILL loses. The ingest buffers events in memory
// and flushes them to DuckDB on an interval, so what arrived since the last flush dies with the
// process; SIGTERM flushes first (0 lost, see test/integration/ingest.test.ts). Each round starts
// the gateway on the same data dir, sends events at a steady rate, SIGKILLs it at a random moment,
// and counts the rows DuckDB kept (the file opens only with the gateway stopped).
//
//   node test/bench/durability.mjs [rounds=8] [eventsPerSecond=400]
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { freePort, productionEnv, root, startServer } from './lib.mjs';

// A browser's agent: without one (fetch sends `node`) the bot filter drops every event, with 202.
const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const ROUNDS = Number(process.argv[2] ?? 8);
const RATE = Number(process.argv[3] ?? 400);
const SEED = Number(process.env.DURABILITY_SEED ?? 20_261_101);
const FLUSH_MS = Number(
  /flushMs = (\d+)/.exec(readFileSync(join(root, 'gateway/src/analytics/buffer.ts'), 'utf8'))?.[1],
);

/** mulberry32, seeded so a round can be replayed. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return (min, max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return min + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max - min + 1));
  };
}

async function countEvents(dataDir) {
  const instance = await DuckDBInstance.create(join(dataDir, 'events.duckdb'));
  const conn = await instance.connect();
  const [row] = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events')).getRowObjectsJson();
  conn.closeSync();
  instance.closeSync();
  return Number(row?.n ?? 0);
}

function killed(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGKILL');
  });
}

/** Sends events at RATE for `ms`; resolves with how many were accepted (202). */
async function sendSteadily(url, ms, round) {
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
  const inFlight = new Set();
  let accepted = 0;
  let i = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (let j = 0; j < perTick; j++, i++) {
      const p = fetch(`${url}/api/event`, {
        method: 'POST',
        body: JSON.stringify({ n: 'pageview', u: `http://localhost:8080/r${round}/${i}` }),
        headers: {
          'content-type': 'text/plain',
          'user-agent': BROWSER,
          'x-forwarded-for': `10.${round}.${(i >> 8) & 255}.${i & 255}`,
        },
      })
        .then((r) => {
          if (r.status === 202) accepted++;
        })
        .catch(() => {})
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  return { accepted: () => accepted, settle: () => Promise.all(inFlight) };
}

/** Starts the gateway on the data dir and waits for /healthz. */
async function start(dataDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startServer(['gateway/dist/main.js'], {
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      CANDOR_DATA_DIR: dataDir,
      ...(await productionEnv()),
      CANDOR_TRUST_PROXY: '1',
    },
    url: `${url}/healthz`,
  });
  return { child, url };
}

const random = seededRandom(SEED);
const dataDir = await mkdtemp(join(tmpdir(), 'candor-bench-durability-'));
const rows = [];
let child;
let total = 0;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const gw = await start(dataDir);
    child = gw.child;
    const ms = random(500, 3000);
    const run = await sendSteadily(gw.url, ms, round);
    await killed(child);
    await run.settle();
    const accepted = run.accepted();
    const now = await countEvents(dataDir);
    const persisted = now - total;
    total = now;
    rows.push({ accepted, persisted, lost: accepted - persisted });
    console.error(
      `round ${round}: SIGKILL after ${ms} ms: ${accepted} accepted, ${persisted} persisted, ${accepted - persisted} lost`,
    );
  }
} finally {
  if (child && child.exitCode === null && child.signalCode === null) await killed(child);
  await rm(dataDir, { recursive: true, force: true });
}
const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
console.error(
  `overall: ${ROUNDS} SIGKILLs at ${RATE} events/s, flush interval ${FLUSH_MS} ms: ` +
    `${sum('accepted')} accepted, ${sum('persisted')} persisted, ${sum('lost')} lost ` +
    `(${(sum('lost') / ROUNDS).toFixed(0)} per SIGKILL)`,
);
