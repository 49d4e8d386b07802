#!/usr/bin/env node
// A connected system's side of Candor's privacy requests, as a starting point: receive the signed
// `privacy_request.verified` webhook, act on it, and report back to Candor with a signed callback.
// Node >= 20, no dependencies. Replace `lookUp` and `erase` with your system's own data access.
//
//   CANDOR_WEBHOOK_SECRET=... CANDOR_ORIGIN=https://www.example.com PORT=8787 node examples/system-receiver.mjs
//
// See examples/README.md and "Connecting a system to privacy requests" in docs/privacy-requests.md.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const SECRET = process.env.CANDOR_WEBHOOK_SECRET ?? '';
/** Where Candor is (its `publicUrl`): callbacks go there and nowhere else, whatever a message says. */
const CANDOR_ORIGIN = candorOrigin(process.env.CANDOR_ORIGIN);
const PORT = Number(process.env.PORT ?? 8787);
const HOST = '127.0.0.1';
/** How far the signature's time may be from our clock, either way: a captured request cannot be replayed later. */
const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 1024 * 1024;

if (SECRET.length < 16) {
  process.stderr.write('CANDOR_WEBHOOK_SECRET must hold the webhook secret (16+ characters).\n');
  process.exit(1);
}
if (!CANDOR_ORIGIN) {
  process.stderr.write("CANDOR_ORIGIN must be Candor's public origin, e.g. https://www.example.com (no path).\n");
  process.exit(1);
}

/** The origin of an http(s) URL without path, query or fragment; undefined for anything else. */
function candorOrigin(value) {
  let url;
  try {
    url = new URL(value ?? '');
  } catch {
    return undefined;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
  return (url.protocol === 'https:' || url.protocol === 'http:') && bare ? url.origin : undefined;
}

/**
 * Event ids already handled. Candor delivers at least once, so a repeat must not act twice.
 * In memory here; in production, a unique key in your database, written with the work.
 */
const seen = new Set();

/**
 * The callback's signature, scheme v2: `t=<unix seconds>,v2=<hex HMAC-SHA-256 of
 * "v2\n<t>\n<METHOD>\n<path>\n<raw body>">`. It covers the method and the path (which names the
 * request and the system) as well as the body, so Candor refuses it on any other request's URL.
 */
export function sign(method, path, body, t = Math.floor(Date.now() / 1000)) {
  const text = `v2\n${t}\n${method}\n${path}\n${body}`;
  return `t=${t},v2=${createHmac('sha256', SECRET).update(text).digest('hex')}`;
}

/**
 * Checks a webhook's header (scheme v1: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<raw body>">`)
 * against the raw body, in constant time, within the tolerance. The body names its event (`id`),
 * which `seen` deduplicates, so a replay within the tolerance does nothing.
 */
export function verify(header, rawBody, now = Date.now() / 1000) {
  if (typeof header !== 'string') return false;
  let t;
  const given = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (name === 'v1') given.push(value);
  }
  if (t === undefined || Math.abs(now - t) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(createHmac('sha256', SECRET).update(`${t}.${rawBody}`).digest('hex'));
  // Any v1 may match (Candor may send several while a secret is rotated).
  return given.some((v) => {
    const candidate = Buffer.from(v);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}

/** Stand-in for your system's lookup: what you hold about this email, as plain JSON records. */
async function lookUp(email) {
  return [
    {
      email,
      name: 'Sample Person',
      company: 'Example Ltd',
      created_at: '2025-06-01T10:00:00.000Z',
      newsletter: { subscribed: false, since: '2025-06-01T10:00:00.000Z' },
      source: 'examples/system-receiver.mjs (sample data)',
    },
  ];
}

/** Stand-in for your system's erasure. Keep a suppression hash if you must never mail the address again. */
async function erase(_email) {
  return { deleted: 1 };
}

/** What to report for each request type: `done` with data for access and port, `done` after acting otherwise. */
async function handle(request) {
  switch (request.type) {
    case 'access':
    case 'port':
      return { status: 'done', data: await lookUp(request.email) };
    case 'erase':
      await erase(request.email);
      return { status: 'done' };
    default:
      // rectify, restrict, object: apply them in your system, then report `done` (or `failed`).
      return { status: 'done' };
  }
}

/**
 * The path to report to, if `callback_url` is on CANDOR_ORIGIN and names this request:
 * `/api/privacy-requests/<request_id>/systems/<system>`. Anything else is refused: a callback
 * carries the person's data, and must never go where a message alone says.
 */
export function callbackPath(callbackUrl, requestId) {
  let url;
  try {
    url = new URL(String(callbackUrl));
  } catch {
    return undefined;
  }
  if (url.origin !== CANDOR_ORIGIN || url.search !== '' || url.hash !== '' || url.username !== '') return undefined;
  const match = /^\/api\/privacy-requests\/([^/]+)\/systems\/([a-z][a-z0-9_-]{0,39})$/.exec(url.pathname);
  if (typeof requestId !== 'string' || !match || match[1] !== encodeURIComponent(requestId)) return undefined;
  return url.pathname;
}

/** Posts the signed report to CANDOR_ORIGIN + `path`, signing each attempt afresh, retrying a few times. */
async function callBack(path, report, attempts = 3) {
  const body = JSON.stringify(report);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      // A fresh signature each time: Candor accepts a signature once.
      const res = await fetch(`${CANDOR_ORIGIN}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'candor-signature': sign('POST', path, body) },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (res.ok) return res.status;
      log({ outcome: 'callback refused', status: res.status, attempt });
    } catch (error) {
      log({ outcome: 'callback failed', error: error?.name ?? 'error', attempt });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (attempt - 1)));
  }
  return undefined;
}

/** Logs ids and outcomes only: never the email or the body. */
function log(fields) {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...fields })}\n`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' });
  let raw;
  try {
    raw = await readBody(req);
  } catch {
    return answer(res, 413, { error: 'body too large' });
  }
  // Verify the raw bytes before parsing anything.
  if (!verify(req.headers['candor-signature'], raw)) return answer(res, 401, { error: 'bad signature' });
  let event;
  try {
    event = JSON.parse(raw);
  } catch {
    return answer(res, 400, { error: 'not JSON' });
  }
  // The signed body's id, not the candor-event-id header: the header is not covered by the signature.
  const eventId = typeof event?.id === 'string' ? event.id : '';
  if (eventId === '') return answer(res, 400, { error: 'no event id' });
  if (seen.has(eventId)) return answer(res, 200, { duplicate: true });

  if (event.type !== 'privacy_request.verified') {
    seen.add(eventId);
    // e.g. unsubscribe.created: update your suppression list here.
    log({ eventId, type: event.type, outcome: 'acknowledged' });
    return answer(res, 200, { ok: true });
  }
  const request = event.data ?? {};
  const path = callbackPath(request.callback_url, request.request_id);
  if (!path) {
    // Not acted on and not marked seen: Candor retries, then keeps it as a dead letter an admin sees.
    log({ eventId, reference: request.reference, outcome: 'refused: callback_url is not on CANDOR_ORIGIN' });
    return answer(res, 422, { error: 'callback_url is not on CANDOR_ORIGIN or does not name this request' });
  }
  seen.add(eventId);
  // Answer at once, then work: Candor counts a slow answer (> 10 s) as a failure and sends again.
  answer(res, 202, { accepted: true });
  log({ eventId, reference: request.reference, type: request.type, outcome: 'accepted' });
  try {
    const report = await handle(request);
    const status = await callBack(path, report);
    log({
      eventId,
      reference: request.reference,
      outcome: status ? 'reported' : 'report failed',
      report: report.status,
    });
  } catch (error) {
    log({ eventId, reference: request.reference, outcome: 'failed', error: error?.name ?? 'error' });
  }
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  log({ outcome: 'listening', url: `http://${HOST}:${port}/` });
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
