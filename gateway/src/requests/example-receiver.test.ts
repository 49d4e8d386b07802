// Drives examples/system-receiver.mjs as a connected system would meet it: a child process on a
// free port, a signed webhook in, a signed callback out to a local server standing in for Candor.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../outbox/signature.ts';

const SECRET = 'example-receiver-secret-0123456789';
const SCRIPT = fileURLToPath(new URL('../../../examples/system-receiver.mjs', import.meta.url));

interface Callback {
  path: string;
  signature: string | undefined;
  body: string;
}

let child: ChildProcess;
let receiver: string;
let candor: Server;
let candorUrl: string;
const callbacks: Callback[] = [];
let onCallback: (() => void) | undefined;

const text = async (req: IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

beforeAll(async () => {
  candor = createServer(async (req, res) => {
    const body = await text(req);
    callbacks.push({ path: req.url ?? '', signature: req.headers['candor-signature'] as string | undefined, body });
    res.writeHead(204).end();
    onCallback?.();
  });
  candor.listen(0, '127.0.0.1');
  await once(candor, 'listening');
  candorUrl = `http://127.0.0.1:${(candor.address() as AddressInfo).port}`;

  child = spawn(process.execPath, [SCRIPT], {
    env: { PATH: process.env.PATH, PORT: '0', CANDOR_WEBHOOK_SECRET: SECRET },
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
});

/** Posts a `privacy_request.verified` event, signed unless a signature is given. */
async function deliver(type: string, options: { eventId?: string; signature?: string } = {}) {
  const eventId = options.eventId ?? crypto.randomUUID();
  const requestId = crypto.randomUUID();
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
      callback_url: `${candorUrl}/api/privacy-requests/${requestId}/systems/crm`,
      email: 'ada@example.com',
    },
  });
  const signature = options.signature ?? (await signWebhook(SECRET, body, Math.floor(Date.now() / 1000)));
  const res = await fetch(receiver, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'candor-event-id': eventId,
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
    expect(await verifyWebhookSignature(SECRET, callback.signature, callback.body)).toBe(true);
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
});
