// The unsubscribe path end to end on the built gateway: a link from the sender API, a link
// scanner's GET and HEAD, the RFC 8058 one-click POST, and the signed webhook reaching a receiver
// on 127.0.0.1 within seconds, with the plaintext email gone from the database once delivered.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { demo } from '../support/demo-config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

const HOOK_SECRET = 'webhook-signing-secret-for-the-test';
const EMAIL = 'reader@example.org';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

let gw: RunningGateway;
let receiver: Server;
let dir: string;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/candor`;

  dir = await mkdtemp(join(tmpdir(), 'candor-unsub-'));
  const config = {
    ...demo,
    // No baseUrl or publicUrl: links point at the company website, never at the request's origin.
    publicUrl: undefined,
    unsubscribe: { mailto: 'unsubscribe@tidewater.example' },
    webhooks: [
      { id: 'esp', url: hook, events: ['unsubscribe.created', 'unsubscribe.deleted'], secretEnv: 'ESP_HOOK_SECRET' },
    ],
  };
  await writeFile(join(dir, 'candor.config.json'), JSON.stringify(config));
  gw = await startGateway({
    env: { CANDOR_CONFIG: join(dir, 'candor.config.json'), ESP_HOOK_SECRET: HOOK_SECRET },
  });
});

afterAll(async () => {
  await gw?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

function verify(d: Delivery): boolean {
  const header = String(d.headers['candor-signature'] ?? '');
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1) return false;
  const expected = createHmac('sha256', HOOK_SECRET).update(`${t}.${d.body}`).digest();
  return Math.abs(Date.now() / 1000 - Number(t)) < 300 && timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** A key for the sender's API, made with the CLI as an operator would. */
async function senderAuth(): Promise<Record<string, string>> {
  const created = await cli(gw.dataDir, [
    'apikey',
    'create',
    '--name',
    'ESP',
    '--scope',
    'unsubscribe:write,suppressions:read',
  ]);
  expect(created.code).toBe(0);
  const key = created.stdout.trim().split('\n').at(-1) as string;
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

/** A link from the sender API, and its URL on this test gateway (links name the company website). */
async function linkFor(auth: Record<string, string>, email: string, list: string) {
  const res = await fetch(`${gw.url}/api/unsubscribe-links`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ email, list }),
  });
  expect(res.status).toBe(200);
  const link = (await res.json()) as { url: string; headers: Record<string, string> };
  return { ...link, local: `${gw.url}${new URL(link.url).pathname}` };
}

async function listsOf(auth: Record<string, string>, email: string) {
  const r = await fetch(`${gw.url}/api/suppressions/check`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ emails: [email] }),
  });
  return ((await r.json()) as { results: { lists: string[] }[] }).results[0]?.lists;
}

describe('unsubscribing from an email, end to end', () => {
  it('link → scanner GET/HEAD (no change) → one-click POST → signed webhook within seconds', async () => {
    const auth = await senderAuth();
    const link = await linkFor(auth, EMAIL, 'newsletter');
    expect(link.url.startsWith(`${demo.company.website}/u/`)).toBe(true);
    expect(link.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const check = () => listsOf(auth, EMAIL);

    for (const method of ['GET', 'HEAD', 'GET']) {
      const scan = await fetch(link.local, { method, redirect: 'manual' });
      expect(scan.status).toBe(200);
      expect(scan.headers.get('cache-control')).toBe('no-store');
    }
    expect(await check()).toEqual([]);

    const oneClick = await fetch(link.local, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await check()).toEqual(['newsletter']);

    await waitFor(() => deliveries.length > 0, 'the webhook', 5000);
    const [delivery] = deliveries;
    if (!delivery) throw new Error('no delivery');
    expect(verify(delivery)).toBe(true);
    const payload = JSON.parse(delivery.body);
    expect(payload).toMatchObject({
      type: 'unsubscribe.created',
      data: { email: EMAIL, list: 'newsletter', source: 'one-click' },
    });
    expect(delivery.headers['candor-event-id']).toBe(payload.id);

    // Delivered: the outbox row no longer holds the address, and no log line ever did.
    await waitFor(() => {
      const db = new Database(join(gw.dataDir, 'candor.sqlite'), { readonly: true });
      try {
        return (
          (
            db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'delivered' AND email IS NULL").get() as {
              n: number;
            }
          ).n === 1
        );
      } finally {
        db.close();
      }
    }, 'the delivered outbox row without email');
    expect(gw.output()).not.toContain(EMAIL);
    expect(gw.output()).not.toContain(link.url.split('/u/')[1]);
  });

  it('an unsubscribe link cannot lift what the API suppressed, on the built gateway and its SQLite file', async () => {
    const auth = await senderAuth();
    const email = 'complainer@example.org';
    const link = await linkFor(auth, email, 'newsletter');
    const form = (body: string) =>
      fetch(link.local, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await form('List-Unsubscribe=One-Click')).status).toBe(200);
    // The ESP reports a spam complaint for the same list: the row is the API's now.
    const complaint = await fetch(`${gw.url}/api/suppressions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email, list: 'newsletter' }),
    });
    expect(complaint.status).toBe(200);
    for (const body of [
      'action=resubscribe',
      'action=restore',
      'action=preferences&subscribed=newsletter&subscribed=product-updates',
    ]) {
      expect((await form(body)).status).toBe(200);
    }
    expect(await listsOf(auth, email)).toEqual(['newsletter']);
    const page = await (await fetch(link.local)).text();
    expect(page).toContain('<h1>You are unsubscribed from Newsletter</h1>');
    expect(page).toContain('no link can switch it back on');
  });

  it('refuses to start when a webhook secret is missing', async () => {
    const { runGatewayExpectingFailure } = await import('../support/gateway.ts');
    const failed = await runGatewayExpectingFailure({ CANDOR_CONFIG: join(dir, 'candor.config.json') });
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain('ESP_HOOK_SECRET must hold the signing secret');
  });
});
