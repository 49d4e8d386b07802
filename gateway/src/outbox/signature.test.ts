import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signRequest, signWebhook, verifyRequestSignature, verifyWebhookSignature } from './signature.ts';

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

describe('request signatures (v2: method, path and body)', () => {
  const REQUEST = { method: 'POST', path: '/api/privacy-requests/req-a/systems/crm', body: '{"status":"done"}' };

  it('signs HMAC-SHA-256 over "v2\\n<t>\\n<METHOD>\\n<path>\\n<body>" as hex, the documented scheme', async () => {
    const text = `v2\n${T}\nPOST\n/api/privacy-requests/req-a/systems/crm\n{"status":"done"}`;
    const expected = createHmac('sha256', SECRET).update(text).digest('hex');
    expect(await signRequest(SECRET, REQUEST, T)).toBe(`t=${T},v2=${expected}`);
  });

  it('gives the header of the worked example in docs/privacy-requests.md', async () => {
    const doc = readFileSync(new URL('../../../docs/privacy-requests.md', import.meta.url), 'utf8');
    const request = { method: 'POST', path: '/api/privacy-requests/req-a/systems/crm', body: '{"status":"done"}' };
    const header = await signRequest('whsec-example-0123456789', request, 1772355600);
    expect(doc).toContain(`\`${header}\``);
  });

  it('verifies its own signature within the tolerance and gives the HMAC that matched', async () => {
    const header = await signRequest(SECRET, REQUEST, T);
    const mac = header.split('v2=')[1];
    expect(await verifyRequestSignature(SECRET, header, REQUEST, { now: NOW })).toEqual({ t: T, mac });
    const late = new Date((T + 300) * 1000);
    expect(await verifyRequestSignature(SECRET, header, REQUEST, { now: late })).toEqual({ t: T, mac });
  });

  it('accepts any of several v2 entries, for a rotated secret', async () => {
    const header = await signRequest(SECRET, REQUEST, T);
    const rotated = `t=${T},v2=${'0'.repeat(64)},${header.split(',')[1]}`;
    expect(await verifyRequestSignature(SECRET, rotated, REQUEST, { now: NOW })).toBeDefined();
  });

  it.each([
    { name: 'another request id in the path', change: { path: '/api/privacy-requests/req-b/systems/crm' } },
    { name: 'another system in the path', change: { path: '/api/privacy-requests/req-a/systems/esp' } },
    { name: 'another method', change: { method: 'PUT' } },
    { name: 'a changed body', change: { body: '{"status":"failed"}' } },
    // The fields cannot be shifted into one another: a path is never followed by its body's first bytes.
    {
      name: 'part of the path moved into the body',
      change: { path: '/api/privacy-requests/req-a/systems', body: 'crm\n{"status":"done"}' },
    },
  ])('rejects $name', async ({ change }) => {
    const header = await signRequest(SECRET, REQUEST, T);
    expect(await verifyRequestSignature(SECRET, header, { ...REQUEST, ...change }, { now: NOW })).toBeUndefined();
  });

  it.each([
    { name: 'a wrong secret', secret: 'other', now: NOW },
    { name: 'a timestamp past the tolerance', secret: SECRET, now: new Date((T + 301) * 1000) },
    { name: 'a timestamp from the future', secret: SECRET, now: new Date((T - 301) * 1000) },
  ])('rejects $name', async ({ secret, now }) => {
    const header = await signRequest(SECRET, REQUEST, T);
    expect(await verifyRequestSignature(secret, header, REQUEST, { now })).toBeUndefined();
  });

  it('never takes a v1 signature for v2, nor v2 for v1', async () => {
    const v1 = await signWebhook(SECRET, REQUEST.body, T);
    expect(await verifyRequestSignature(SECRET, v1, REQUEST, { now: NOW })).toBeUndefined();
    const v2 = await signRequest(SECRET, REQUEST, T);
    expect(await verifyWebhookSignature(SECRET, v2, REQUEST.body, { now: NOW })).toBe(false);
  });
});
