import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { endpoints } from './fuzz-endpoints.ts';
import type { Body, FuzzContext, FuzzRequest } from './fuzz-inputs.ts';
import { rawRequests } from './fuzz-raw.ts';
import { siteDist } from './paths.ts';

export type { FuzzContext, FuzzRequest } from './fuzz-inputs.ts';

export interface Outcome {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  error?: string;
}

export interface Failure {
  seed: number;
  index: number;
  reason: string;
  request: string;
}

export interface FuzzReport {
  total: number;
  /** endpoint → status class (`2xx`, `4xx`, `closed`…) → count */
  counts: Record<string, Record<string, number>>;
  failures: Failure[];
  ms: number;
}

const CHUNK = 256;
const MAX_BODY = 512 * 1024;

/** The whole traffic mix: every public endpoint, plus raw-socket requests node:http will not send. */
export function traffic(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof({ weight: 97, arbitrary: endpoints(ctx) }, { weight: 3, arbitrary: rawRequests() });
}

/** Request `index` of the run with `seed`: chunks of 256 are sampled from seed + chunk number. */
export function* requests(ctx: FuzzContext, seed: number, count: number, from = 0): Generator<[number, FuzzRequest]> {
  const arb = traffic(ctx);
  for (let chunk = Math.floor(from / CHUNK); chunk * CHUNK < count; chunk++) {
    const sample = fc.sample(arb, { seed: (seed + chunk) | 0, numRuns: CHUNK });
    for (const [i, r] of sample.entries()) {
      const index = chunk * CHUNK + i;
      if (index >= from && index < count) yield [index, r];
    }
  }
}

const guarded = new WeakSet<object>();

function bodyBuffer(body: Body): Buffer {
  if ('bytes' in body) return Buffer.from(body.bytes);
  if ('text' in body) return Buffer.from(body.text, 'utf8');
  return Buffer.from(body.repeat.repeat(body.times), 'latin1');
}

/** Sends one request over node:http (bytes as given) and reads at most 512 KB of the answer. */
export function send(base: URL, r: FuzzRequest, agent: Agent): Promise<Outcome> {
  if (r.raw !== undefined) return sendRaw(base, r.raw);
  return new Promise((resolve) => {
    const payload = r.body ? bodyBuffer(r.body) : undefined;
    let answered = false;
    const done = (o: Outcome) => {
      if (answered) return;
      answered = true;
      resolve(o);
    };
    try {
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          method: r.method,
          path: r.path,
          headers: r.headers,
          agent,
          timeout: 20_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_BODY) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', (e) =>
            done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), error: e.message }),
          );
        },
      );
      // The server may answer a huge body early and close; the write that follows then fails with
      // EPIPE on a socket node:http has already let go of. That is the client's problem, not a crash.
      req.on('socket', (socket) => {
        if (!guarded.has(socket)) socket.on('error', () => {});
        guarded.add(socket);
      });
      req.on('timeout', () => req.destroy(new Error('timeout after 20 s')));
      req.on('error', (e) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
      req.end(payload);
    } catch (e) {
      // node:http refused to build it (e.g. an invalid char in the path): nothing reached the server.
      done({ status: -1, headers: {}, body: Buffer.alloc(0), error: (e as Error).message });
    }
  });
}

/** Writes `raw` as latin1 bytes to a fresh socket; the status comes from the first response line. */
function sendRaw(base: URL, raw: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: base.hostname, port: Number(base.port) });
    socket.setTimeout(20_000, () => socket.destroy(new Error('timeout after 20 s')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {}); // a reset after a parse error is a fine answer
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, headers: {}, body: Buffer.from(text, 'latin1') });
    });
    socket.end(raw, 'latin1');
  });
}

/** Text that must never leave the gateway: files outside site/dist and the data dir's secret. */
export function forbiddenContent(ctx: FuzzContext, root: string): string[] {
  const secret = readFileSync(join(ctx.dataDir, 'secret'), 'utf8').trim();
  const pkg = readFileSync(join(root, 'package.json'), 'utf8');
  return [
    'root:x:0:0',
    secret,
    pkg.slice(0, 80),
    '"packageManager"',
    'export function createApp',
    'onlyBuiltDependencies',
  ];
}

/** SHA-256 of every file in site/dist: a 200 for a static path must be one of them. */
export function distHashes(dir = siteDist): Set<string> {
  const hashes = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) hashes.add(sha256(readFileSync(join(entry.parentPath, entry.name))));
  }
  return hashes;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** Why an answer breaks the contract, or undefined when it is fine. */
export function verdict(
  r: FuzzRequest,
  o: Outcome,
  forbidden: readonly string[],
  dist: Set<string>,
): string | undefined {
  if (o.status === -1) return undefined; // refused by the client itself
  const text = o.body.toString('latin1');
  const leaked = forbidden.find((needle) => needle && text.includes(needle));
  if (leaked) return `answer contains forbidden content ${JSON.stringify(leaked.slice(0, 40))}`;
  if (r.raw !== undefined) return o.status >= 500 ? `raw request answered ${o.status}` : undefined;
  if (o.status === 0 && !resetMidUpload(r, o)) return `no answer: ${o.error}`;
  if (o.status === 0) return undefined;
  if (o.status >= 500) return `answered ${o.status}: ${text.slice(0, 300)}`;
  if (fromNodeParser(o)) return undefined;
  if (!o.headers['x-request-id']) return `no x-request-id on a ${o.status}`;
  const type = first(o.headers['content-type']);
  const pathname = r.path.split('?')[0] ?? '';
  if (pathname.startsWith('/api/') && o.status >= 400 && r.method !== 'HEAD') {
    // A form post to the privacy-request intake is answered as a page, by design.
    const page = pathname === '/api/privacy-requests' && type.startsWith('text/html');
    if (!page && !type.startsWith('application/problem+json'))
      return `${o.status} on ${pathname} is ${type || 'untyped'}, not problem+json`;
    if (!page) {
      try {
        const problem = JSON.parse(o.body.toString('utf8')) as { status?: unknown; title?: unknown };
        if (problem.status !== o.status || typeof problem.title !== 'string')
          return `problem body does not match: ${text.slice(0, 200)}`;
      } catch {
        return `problem+json body does not parse: ${text.slice(0, 200)}`;
      }
    }
  }
  const encoded = first(o.headers['content-encoding']);
  if (
    r.endpoint === 'GET /<static>' &&
    o.status === 200 &&
    r.method === 'GET' &&
    !encoded &&
    !dist.has(sha256(o.body))
  ) {
    return `static 200 is not a file of site/dist (${type}, ${o.body.length} bytes)`;
  }
  return undefined;
}

/** Node's HTTP parser answers bytes it cannot parse (400, 431) itself, before the app sees them. */
function fromNodeParser(o: Outcome): boolean {
  return (o.status === 400 || o.status === 431) && !o.headers['content-type'] && o.body.length === 0;
}

/**
 * A server that refuses a request early (e.g. Node's parser on an unknown method) closes while a
 * large body is still being written; the reset can then overtake its 4xx. Fine for big bodies only.
 */
function resetMidUpload(r: FuzzRequest, o: Outcome): boolean {
  const size = !r.body
    ? 0
    : 'bytes' in r.body
      ? r.body.bytes.length
      : 'text' in r.body
        ? r.body.text.length
        : r.body.times * r.body.repeat.length;
  return size > 16 * 1024 && /ECONNRESET|EPIPE|hang up/.test(o.error ?? '');
}

export function statusClass(o: Outcome): string {
  if (o.status === -1) return 'refused';
  if (fromNodeParser(o)) return `node-${o.status}`;
  if (o.status === 0) return 'closed';
  return `${Math.floor(o.status / 100)}xx`;
}

/** Describes a request compactly enough to print, with the body as a short latin1 preview. */
export function describe(r: FuzzRequest): string {
  if (r.raw !== undefined) return `RAW ${JSON.stringify(r.raw.slice(0, 300))}`;
  const b = r.body ? bodyBuffer(r.body) : undefined;
  const preview = b ? ` body(${b.length})=${JSON.stringify(b.subarray(0, 200).toString('latin1'))}` : '';
  return `${r.method} ${JSON.stringify(r.path.slice(0, 300))} ${JSON.stringify(r.headers).slice(0, 400)}${preview}`;
}

export interface RunOptions {
  url: string;
  ctx: FuzzContext;
  seed: number;
  count: number;
  concurrency: number;
  /** Called every 5,000 requests. */
  progress?: (done: number) => void;
}

/** Sends `count` generated requests, `concurrency` at a time, and judges every answer. */
export async function runFuzz(
  { url, ctx, seed, count, concurrency, progress }: RunOptions,
  root: string,
): Promise<FuzzReport> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const fresh = new Agent({ keepAlive: false });
  const forbidden = forbiddenContent(ctx, root);
  const dist = distHashes();
  const counts: FuzzReport['counts'] = {};
  const failures: Failure[] = [];
  const source = requests(ctx, seed, count);
  const start = performance.now();
  let done = 0;
  const worker = async () => {
    for (let next = source.next(); !next.done; next = source.next()) {
      const [index, r] = next.value;
      let outcome = await send(base, r, agent);
      // A keep-alive socket can be closed by the server just as it is reused: try once more, alone.
      if (outcome.status === 0 && r.raw === undefined) outcome = await send(base, r, fresh);
      const byClass = counts[r.endpoint] ?? {};
      counts[r.endpoint] = byClass;
      const cls = statusClass(outcome);
      byClass[cls] = (byClass[cls] ?? 0) + 1;
      const reason = verdict(r, outcome, forbidden, dist);
      if (reason) failures.push({ seed, index, reason, request: describe(r) });
      if (++done % 5000 === 0) progress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { total: done, counts, failures, ms: performance.now() - start };
}

/** The resident set of a process, in KiB, from /proc (Linux). */
export function vmRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
}

/** Marks of a crashed or leaking process in its output. */
export const CRASH_MARKS = /unhandled ?rejection|uncaught ?exception|FATAL ERROR|heap out of memory/i;
