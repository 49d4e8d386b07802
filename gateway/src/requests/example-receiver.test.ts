// Drives examples/system-receiver.mjs as a connected system would meet it: a child process on a
// free port, a signed webhook in, a signed callback out to a local server standing in for Candor,
// and never a callback to anywhere else (a second local server stands in for an attacker's).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, verifyRequestSignature } from '../outbox/signature.ts';

const SECRET = 'example-receiver-secret-0123456789';
const SCRIPT = fileURLToPath(new URL('../../../examples/system-receiver.mjs', import.meta.url));

interface Callback {
  method: string;
  path: string;
  signature: string | undefined;
  body: string;
}

let child: ChildProcess;
let receiver: string;
let candor: Server;
let candorUrl: string;
let elsewhere: Server;
let elsewhereUrl: string;
const callbacks: Callback[] = [];
const elsewhereHits: string[] = [];
let onCallback: (() => void) | undefined;

const text = async (req: IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  candor = createServer(async (req, res) => {
    const body = await text(req);
    const signature = req.headers['candor-signature'] as string | undefined;
    callbacks.push({ method: req.method ?? '', path: req.url ?? '', signature, body });
    res.writeHead(204).end();
    onCallback?.();
  });
  candorUrl = await listen(candor);
  elsewhere = createServer(async (req, res) => {
    elsewhereHits.push(await text(req));
    res.writeHead(204).end();
  });
  elsewhereUrl = await listen(elsewhere);

  child = spawn(process.execPath, [SCRIPT], {
    env: { PATH: process.env.PATH, PORT: '0', CANDOR_WEBHOOK_SECRET: SECRET, CANDOR_ORIGIN: candorUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  receiver = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/)"/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
  });
}, 20_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  candor?.close();
  elsewhere?.close();
});

interface DeliverOptions {
  eventId?: string;
  /** The candor-event-id header, which the signature does not cover; default the body's id. */
  eventIdHeader?: string;
  signature?: string;
  /** Default this request's callback URL on the Candor stand-in. */
  callbackUrl?: (requestId: string) => string;
}

/** Posts a `privacy_request.verified` event, signed unless a signature is given. */
async function deliver(type: string, options: DeliverOptions = {}) {
  const eventId = options.eventId ?? crypto.randomUUID();
  const requestId = crypto.randomUUID();
  const callbackUrl = options.callbackUrl ?? ((id) => `${candorUrl}/api/privacy-requests/${id}/systems/crm`);
  const body = JSON.stringify({
    id: eventId,
    type: 'privacy_request.verified',
    created_at: new Date().toISOString(),
    // As intake.ts writes it; the outbox adds `email`.
    data: {
      request_id: requestId,
      reference: 'PR-7K3M9Q2X',
      type,
      restricted: false,
      jurisdiction: 'gdpr',
      due_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      callback_url: callbackUrl(requestId),
      email: 'ada@example.com',
    },
  });
  const signature = options.signature ?? (await signWebhook(SECRET, body, Math.floor(Date.now() / 1000)));
  const res = await fetch(receiver, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'candor-event-id': options.eventIdHeader ?? eventId,
      'candor-event-type': 'privacy_request.verified',
      'candor-signature': signature,
    },
    body,
  });
  return { res, eventId, requestId };
}

const nextCallback = () =>
  new Promise<void>((resolve) => {
    onCallback = resolve;
  });

describe('examples/system-receiver.mjs', () => {
  it('answers a signed access request with a signed callback carrying its records', async () => {
    const called = nextCallback();
    const { res, requestId } = await deliver('access');
    expect(res.status).toBe(202);
    await called;
    const callback = callbacks.at(-1) as Callback;
    expect(callback.path).toBe(`/api/privacy-requests/${requestId}/systems/crm`);
    // Scheme v2, bound to this method and path: what the gateway's callback route checks.
    const signed = { method: callback.method, path: callback.path, body: callback.body };
    expect(await verifyRequestSignature(SECRET, callback.signature, signed)).toBeDefined();
    const otherPath = `/api/privacy-requests/${crypto.randomUUID()}/systems/crm`;
    expect(await verifyRequestSignature(SECRET, callback.signature, { ...signed, path: otherPath })).toBeUndefined();
    const report = JSON.parse(callback.body);
    expect(report.status).toBe('done');
    expect(report.data).toEqual([expect.objectContaining({ email: 'ada@example.com' })]);
  });

  it('reports an erase as done, without data', async () => {
    const called = nextCallback();
    await deliver('erase');
    await called;
    expect(JSON.parse((callbacks.at(-1) as Callback).body)).toEqual({ status: 'done' });
  });

  it('refuses a bad signature with 401 and calls nobody', async () => {
    const before = callbacks.length;
    const t = Math.floor(Date.now() / 1000);
    const { res } = await deliver('access', { signature: `t=${t},v1=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    const stale = await deliver('access', { signature: await signWebhook(SECRET, '{}', t - 600) });
    expect(stale.res.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(callbacks.length).toBe(before);
  });

  it('acts once per event id, however often it is delivered', async () => {
    const called = nextCallback();
    const eventId = crypto.randomUUID();
    const first = await deliver('erase', { eventId });
    await called;
    const count = callbacks.length;
    const again = await deliver('erase', { eventId });
    expect([first.res.status, again.res.status]).toEqual([202, 200]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(callbacks.length).toBe(count);
  });

  it('acts once per signed event id, whatever the unsigned candor-event-id header says', async () => {
    const called = nextCallback();
    const eventId = crypto.randomUUID();
    await deliver('erase', { eventId });
    await called;
    const count = callbacks.length;
    const again = await deliver('erase', { eventId, eventIdHeader: crypto.randomUUID() });
    expect(again.res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(callbacks.length).toBe(count);
  });

  it.each([
    ['another origin', (id: string) => `${elsewhereUrl}/api/privacy-requests/${id}/systems/crm`],
    [
      'another scheme of the Candor host',
      (id: string) => `${candorUrl.replace('http:', 'https:')}/api/privacy-requests/${id}/systems/crm`,
    ],
    [
      'the Candor origin with a user part',
      (id: string) => `${candorUrl.replace('//', '//evil@')}/api/privacy-requests/${id}/systems/crm`,
    ],
    ['another request’s path', () => `${candorUrl}/api/privacy-requests/${crypto.randomUUID()}/systems/crm`],
    ['another path of Candor', () => `${candorUrl}/admin/requests`],
    ['no URL at all', () => 'not a url'],
  ])('refuses a callback_url on %s with 422, and neither acts nor calls anyone', async (_, callbackUrl) => {
    const before = callbacks.length;
    const { res } = await deliver('access', { callbackUrl });
    expect(res.status).toBe(422);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(callbacks.length).toBe(before);
    expect(elsewhereHits).toEqual([]);
  });
});

describe('examples/system-receiver.mjs configuration', () => {
  it.each([
    ['without CANDOR_ORIGIN', {}],
    ['with a CANDOR_ORIGIN that has a path', { CANDOR_ORIGIN: 'https://www.example.com/candor' }],
    ['with a CANDOR_ORIGIN that is not http(s)', { CANDOR_ORIGIN: 'ftp://www.example.com' }],
  ])('refuses to start %s', async (_, env) => {
    const started = spawn(process.execPath, [SCRIPT], {
      env: { PATH: process.env.PATH, PORT: '0', CANDOR_WEBHOOK_SECRET: SECRET, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // A receiver that starts anyway is stopped after 3 s, so a failing test leaves no process behind.
    const timer = setTimeout(() => started.kill('SIGKILL'), 3_000);
    try {
      const [code] = await once(started, 'exit');
      expect(code).toBe(1);
      expect(stderr).toContain('CANDOR_ORIGIN');
    } finally {
      clearTimeout(timer);
    }
  });
});
