// `node test/bench/body-rss.mjs [path] [MB]`: the gateway's RSS before, at its peak and after one
// chunked POST of MB megabytes (default 300) to path (default /api/event?x=1), streamed from a
// generator so the client holds one 64 KB chunk. Run `pnpm build` first. One request, bounded by
// its size and a 120 s cap; the server binds 127.0.0.1.
import { request } from 'node:http';
import { rssMiB, startGateway, stop } from './lib.mjs';

const [path = '/api/event?x=1', megabytes = '300'] = process.argv.slice(2);
const total = Number(megabytes) * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 'a');

const gw = await startGateway();
const pid = gw.child.pid;
await new Promise((r) => setTimeout(r, 2000));
const before = rssMiB(pid);
let peak = before;
const poll = setInterval(() => {
  peak = Math.max(peak, rssMiB(pid));
}, 20);

const { port } = new URL(gw.url);
const started = performance.now();
const result = await new Promise((resolve) => {
  let written = 0;
  let answeredAt;
  let status;
  const finish = (end) => {
    clearTimeout(cap);
    resolve({ status, answeredAt, written, end, ms: Math.round(performance.now() - started) });
  };
  const cap = setTimeout(() => req.destroy(new Error('over 120 s')), 120_000);
  const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'text/plain' } });
  req.on('response', (res) => {
    status = res.statusCode;
    answeredAt = written;
    res.resume();
    res.on('end', () => setTimeout(() => finish('response'), 200));
  });
  req.on('error', (error) => finish(`error ${error.code ?? error.message}`));
  const pump = () => {
    while (!req.destroyed && written < total) {
      written += chunk.length;
      if (!req.write(chunk)) return void req.once('drain', pump);
    }
    if (!req.destroyed) req.end();
  };
  pump();
});
await new Promise((r) => setTimeout(r, 1000));
clearInterval(poll);
const after = rssMiB(pid);
await stop(gw.child);
console.log(
  JSON.stringify({
    path,
    megabytes: Number(megabytes),
    rssMiB: { before, peak, after },
    status: result.status,
    clientBytesWhenAnswered: result.answeredAt,
    clientBytesWritten: result.written,
    end: result.end,
    ms: result.ms,
  }),
);
