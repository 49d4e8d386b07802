import { clientNetwork } from '../client.ts';
import { PROBLEM_CONTENT_TYPE, type ProblemCode, problemBody } from '../errors.ts';
import type { RateLimiter } from '../middleware/rate-limit/limiter.ts';
import { MAX_EVENT_BYTES } from './body.ts';
import type { HeaderReader } from './enrich/index.ts';
import type { createIngest } from './ingest.ts';

export interface CollectRequest {
  /** The body, or `too_large` when the reader stopped at the limit. */
  text: string | 'too_large';
  headers: HeaderReader;
  ip: string;
  requestId: string;
}

export interface CollectResponse {
  status: 202 | 400 | 413 | 415 | 429 | 503;
  headers: Record<string, string>;
  body: string | null;
}

const CODES = {
  400: 'validation_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
} as const satisfies Record<number, ProblemCode>;
const ACCEPTED: CollectResponse = { status: 202, headers: { 'cache-control': 'no-store' }, body: null };

export interface CollectDeps {
  ingest: ReturnType<typeof createIngest>;
  limiter: RateLimiter;
}

/**
 * `POST /api/event` as a plain function from request facts to response facts, so the Hono route
 * and the Node fast path (which skips the framework on the hot path) answer exactly alike:
 * content type → size → per-client rate limit → ingest.
 */
export function createCollect({ ingest, limiter }: CollectDeps) {
  // Rate-limit keys: a salted hash of the address, never the address. The salt is random and
  // lives only in memory, so a fast 53-bit hash is as one-way here as SHA-256 (the address space,
  // not the hash, is what a brute force would walk), at a fraction of the cost per event. An IPv6
  // client counts by its /64 (`clientNetwork`), as for every other per-client limit.
  const salt = crypto.randomUUID();
  return function collect(req: CollectRequest): CollectResponse {
    const type = req.headers.get('content-type');
    if (type && !/^(text\/plain|application\/json)\b/i.test(type)) {
      return fail(415, 'Send the event as text/plain or application/json.', req.requestId);
    }
    if (req.text === 'too_large') return fail(413, `An event body is at most ${MAX_EVENT_BYTES} bytes.`, req.requestId);
    const verdict = limiter.take(fastKey(salt, clientNetwork(req.ip)));
    if (!verdict.allowed) {
      return fail(429, 'Too many events from this client; try again shortly.', req.requestId, {
        'retry-after': String(verdict.retryAfterSeconds),
      });
    }
    const error = ingest(req.text, req.headers, { ip: req.ip });
    if (!error) return ACCEPTED;
    return fail(error.status, error.detail, req.requestId, error.status === 503 ? { 'retry-after': '2' } : {});
  };
}

/** cyrb53: a fast, well-mixed 53-bit string hash. */
export function fastKey(salt: string, value: string): string {
  const input = salt + value;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < input.length; i++) {
    const ch = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function fail(
  status: keyof typeof CODES,
  detail: string,
  requestId: string,
  extra: Record<string, string> = {},
): CollectResponse {
  return {
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...extra },
    body: JSON.stringify(problemBody(CODES[status], detail, requestId)),
  };
}
