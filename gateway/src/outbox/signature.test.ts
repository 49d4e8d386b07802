import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.ts';

const SECRET = 'whsec-test';
const BODY = '{"id":"evt-1","type":"unsubscribe.created"}';
const T = 1_772_355_600; // 2026-03-01T09:00:00Z
const NOW = new Date(T * 1000);

describe('webhook signatures', () => {
  it('signs HMAC-SHA-256 over "<t>.<body>" as hex, the documented scheme', async () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(await signWebhook(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('verifies its own signature within the tolerance', async () => {
    const header = await signWebhook(SECRET, BODY, T);
    expect(await verifyWebhookSignature(SECRET, header, BODY, { now: NOW })).toBe(true);
    expect(await verifyWebhookSignature(SECRET, header, BODY, { now: new Date((T + 300) * 1000) })).toBe(true);
  });

  it('accepts any of several v1 entries, for a rotated secret', async () => {
    const header = await signWebhook(SECRET, BODY, T);
    const rotated = `${header.replace(/v1=.*/, 'v1=00')},${header.split(',')[1]}`;
    expect(await verifyWebhookSignature(SECRET, rotated, BODY, { now: NOW })).toBe(true);
  });

  it.each([
    { name: 'a wrong secret', secret: 'other', body: BODY, now: NOW },
    { name: 'a changed body', secret: SECRET, body: `${BODY} `, now: NOW },
    { name: 'a timestamp past the tolerance', secret: SECRET, body: BODY, now: new Date((T + 301) * 1000) },
    { name: 'a timestamp from the future', secret: SECRET, body: BODY, now: new Date((T - 301) * 1000) },
  ])('rejects $name', async ({ secret, body, now }) => {
    const header = await signWebhook(SECRET, BODY, T);
    expect(await verifyWebhookSignature(secret, header, body, { now })).toBe(false);
  });

  it.each([null, '', 'v1=abc', `t=${T}`, `t=soon,v1=abc`, 'garbage'])('rejects the header %j', async (header) => {
    expect(await verifyWebhookSignature(SECRET, header, BODY, { now: NOW })).toBe(false);
  });
});
