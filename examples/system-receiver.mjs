#!/usr/bin/env node
// A connected system's side of Candor's privacy requests, as a starting point: receive the signed
// `privacy_request.verified` webhook, act on it, and report back to Candor with a signed callback.
// Node >= 20, no dependencies. Replace `lookUp` and `erase` with your system's own data access.
//
//   CANDOR_WEBHOOK_SECRET=... PORT=8787 node examples/system-receiver.mjs
//
// See examples/README.md and "Connecting a system to privacy requests" in the root README.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const SECRET = process.env.CANDOR_WEBHOOK_SECRET ?? '';
const PORT = Number(process.env.PORT ?? 8787);
const HOST = '127.0.0.1';
/** How far the signature's time may be from our clock, either way: a captured request cannot be replayed later. */
const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 1024 * 1024;

if (SECRET.length < 16) {
  process.stderr.write('CANDOR_WEBHOOK_SECRET must hold the webhook secret (16+ characters).\n');
  process.exit(1);
}

/**
 * Event ids already handled. Candor delivers at least once, so a repeat must not act twice.
 * In memory here; in production, a unique key in your database, written with the work.
 */
const seen = new Set();

/** `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<raw body>">`, as Candor signs both ways. */
export function sign(body, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
}

/** Checks the header against the raw body, in constant time, within the tolerance. */
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

/** Posts the signed report to the request's callback URL, retrying a few times on failure. */
async function callBack(url, report, attempts = 3) {
  const body = JSON.stringify(report);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'candor-signature': sign(body) },
        body,
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
  const eventId = String(req.headers['candor-event-id'] ?? event.id ?? '');
  if (seen.has(eventId)) return answer(res, 200, { duplicate: true });
  seen.add(eventId);

  if (event.type !== 'privacy_request.verified') {
    // e.g. unsubscribe.created: update your suppression list here.
    log({ eventId, type: event.type, outcome: 'acknowledged' });
    return answer(res, 200, { ok: true });
  }
  const request = event.data ?? {};
  // Answer at once, then work: Candor counts a slow answer (> 10 s) as a failure and sends again.
  answer(res, 202, { accepted: true });
  log({ eventId, reference: request.reference, type: request.type, outcome: 'accepted' });
  try {
    const report = await handle(request);
    const status = await callBack(request.callback_url, report);
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
