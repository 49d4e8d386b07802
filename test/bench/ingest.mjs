// Ingest throughput: POST /api/event on the real gateway against a bare node:http server that
// reads the body and answers 202, with the same load generator and the same varied traffic,
// A B A B on 127.0.0.1, bounded in time. Then a graceful stop flushes the buffer and the rows in
// the DuckDB file are counted against the 202s the gateway returned: nothing accepted may be lost.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { freePort, load, rssMiB, startGateway, startServer, stop, summarize } from './lib.mjs';
import { addressPool, eventBody, pick, USER_AGENTS } from './traffic.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// The gateway runs are bounded by count, so every response is counted: the 202s can then be
// compared exactly with the rows persisted. The baseline runs are bounded by time.
const amount = Number(process.env.BENCH_EVENTS ?? 100_000);
const connections = 50;
const addresses = addressPool(20_000);

const gateway = await startGateway({ CANDOR_TRUST_PROXY: '1' });
const barePort = await freePort();
const bare = await startServer(['test/bench/bare-ingest.mjs', String(barePort)], {
  url: `http://127.0.0.1:${barePort}/`,
  method: 'POST',
});

let n = 0;
/** Every request differs: body, user agent and client address rotate through realistic values. */
function requests(origin) {
  return [
    {
      method: 'POST',
      path: '/api/event',
      setupRequest: (req) => {
        const i = n++;
        return {
          ...req,
          headers: {
            'content-type': 'text/plain;charset=UTF-8',
            'user-agent': pick(USER_AGENTS, i * 31),
            'x-forwarded-for': pick(addresses, i * 17),
          },
          body: eventBody(origin, i),
        };
      },
    },
  ];
}

const targets = { candor: gateway.url, bare: `http://127.0.0.1:${barePort}` };
const runs = [];
let candorAccepted = 0;
for (let round = 1; round <= 2; round++) {
  for (const [name, url] of Object.entries(targets)) {
    const bound = name === 'candor' ? { amount } : { duration: seconds };
    const raw = await load({ url, connections, ...bound, requests: requests('http://localhost:8080') });
    const result = { round, ...summarize(name, raw) };
    if (name === 'candor') candorAccepted += raw['2xx'];
    runs.push(result);
    console.error(
      `round ${round} ${name.padEnd(6)} ${result.reqPerSec} req/s  p50 ${result.p50ms} ms  p99 ${result.p99ms} ms  non-2xx ${result.non2xx}`,
    );
  }
}
const candorRss = rssMiB(gateway.child.pid);
const bareRss = rssMiB(bare.pid);
const exit = await stop(gateway.child);
await stop(bare);

const instance = await DuckDBInstance.create(join(gateway.dataDir, 'events.duckdb'));
const conn = await instance.connect();
const persisted = Number(
  (await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM events')).getRowObjects()[0]?.n ?? 0,
);
conn.closeSync();
instance.closeSync();
await rm(gateway.dataDir, { recursive: true, force: true });

const mean = (name) => runs.filter((r) => r.name === name).reduce((s, r, _i, all) => s + r.reqPerSec / all.length, 0);
const report = {
  benchmark: 'ingest: POST /api/event, varied bodies, user agents and addresses',
  connections,
  candorEventsPerRun: amount,
  bareSecondsPerRun: seconds,
  runs,
  candorReqPerSec: Math.round(mean('candor')),
  bareReqPerSec: Math.round(mean('bare')),
  ratio: Math.round((mean('candor') / mean('bare')) * 100) / 100,
  candorRssMiB: candorRss,
  bareRssMiB: bareRss,
  accepted202: candorAccepted,
  persisted,
  lost: candorAccepted - persisted,
  gatewayExitCode: exit,
};
console.log(JSON.stringify(report, null, 2));
if (report.lost !== 0 || exit !== 0) process.exitCode = 1;
