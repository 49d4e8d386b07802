import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const TOTAL = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

function* chunks(total: number) {
  for (let sent = 0; sent < total; sent += CHUNK.length) yield CHUNK;
}

interface Answer {
  status: number;
  /** Bytes the client had written when the answer's headers arrived. */
  writtenAtAnswer: number;
}

/** Streams `total` bytes chunked (no Content-Length) from a generator; stops once answered. */
function streamPost(url: string, path: string, total: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    let written = 0;
    let answered = false;
    const req = request(
      { host: target.hostname, port: target.port, path, method: 'POST', headers: { 'content-type': 'text/plain' } },
      (res) => {
        answered = true;
        const answer = { status: res.statusCode ?? 0, writtenAtAnswer: written };
        res.resume();
        res.once('end', () => {
          req.destroy();
          resolve(answer);
        });
      },
    );
    // Once answered, a reset from the server's close is expected; before that it is a failure.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const body = chunks(total);
    const pump = () => {
      while (!answered && !req.destroyed) {
        const next = body.next();
        if (next.done) {
          req.end();
          return;
        }
        written += next.value.length;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

function rssBytes(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

describe('an oversized chunked body on the real server', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.stop();
    await rm(gw.dataDir, { recursive: true, force: true });
  });

  // The fast path takes the first two; the Hono app the others. Each must answer at its cap.
  it.each(['/api/event', '/api/event?x=1', '/api/event/', '/api/%65vent'])(
    'POST %s is answered 413 long before the body ends, and not buffered',
    async (path) => {
      const before = rssBytes(gw.child.pid);
      const answer = await streamPost(gw.url, path, TOTAL);
      expect(answer.status).toBe(413);
      // The client may fill the loopback socket buffers (a few MB) before the answer is read.
      expect(answer.writtenAtAnswer).toBeLessThan(TOTAL / 4);
      // A young process grows by some MB on its own; a buffered body would add all 64 MB and more.
      expect(rssBytes(gw.child.pid) - before).toBeLessThan(TOTAL / 2);
    },
  );

  it('still accepts events afterwards', async () => {
    const res = await fetch(`${gw.url}/api/event`, {
      method: 'POST',
      body: JSON.stringify({ n: 'pageview', u: 'http://localhost:8080/' }),
      headers: {
        'content-type': 'text/plain',
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      },
    });
    expect(res.status).toBe(202);
  });
});
