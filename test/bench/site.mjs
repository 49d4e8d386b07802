// Static site throughput: the gateway serving `/` (security headers, CSP, ETag, access log)
// against a bare node:http server that answers the same bytes. Runs A B A B on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, load, root, rssMiB, startGateway, startServer, stop, summarize } from './lib.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const page = join(root, 'site/dist/index.html');
readFileSync(page); // fail early when the site is not built

const gateway = await startGateway();
const barePort = await freePort();
const bare = await startServer(['test/bench/bare-server.mjs', String(barePort), page], {
  url: `http://127.0.0.1:${barePort}/`,
});
const targets = { candor: `${gateway.url}/`, bare: `http://127.0.0.1:${barePort}/` };

const runs = [];
for (let round = 1; round <= 2; round++) {
  for (const [name, url] of Object.entries(targets)) {
    const result = summarize(name, await load({ url, duration: seconds }));
    runs.push({ round, ...result });
    console.error(
      `round ${round} ${name.padEnd(6)} ${result.reqPerSec} req/s  p50 ${result.p50ms} ms  p99 ${result.p99ms} ms`,
    );
  }
}

const mean = (name, key) => {
  const rows = runs.filter((r) => r.name === name);
  return rows.reduce((sum, r) => sum + r[key], 0) / rows.length;
};
const report = {
  benchmark: 'site: GET / (identity encoding)',
  connections: 50,
  secondsPerRun: seconds,
  runs,
  candorReqPerSec: Math.round(mean('candor', 'reqPerSec')),
  bareReqPerSec: Math.round(mean('bare', 'reqPerSec')),
  ratio: Math.round((mean('candor', 'reqPerSec') / mean('bare', 'reqPerSec')) * 100) / 100,
  candorRssMiB: rssMiB(gateway.child.pid),
  bareRssMiB: rssMiB(bare.pid),
  failures: runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
};
await Promise.all([stop(gateway.child), stop(bare)]);
await rm(gateway.dataDir, { recursive: true, force: true });
console.log(JSON.stringify(report, null, 2));
if (report.failures > 0) process.exitCode = 1;
