import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CONSENT_PER_MINUTE } from './app.ts';
import { clientIp } from './client.ts';
import { consentBody, post } from './consent/fixtures.ts';
import { testApp } from './testing.ts';

async function ipOf(trustProxy: boolean, forwarded: string | undefined): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientIp(c, trustProxy, () => '198.51.100.7')));
  const headers: Record<string, string> = forwarded === undefined ? {} : { 'x-forwarded-for': forwarded };
  return (await app.request('/', { headers })).text();
}

describe('the client address', () => {
  it.each([
    ['the socket peer without a trusted proxy, whatever the header says', false, '203.0.113.9', '198.51.100.7'],
    ['the only entry the proxy wrote', true, '203.0.113.9', '203.0.113.9'],
    ['the entry the proxy appended, not one the client sent before it', true, '10.6.6.6, 203.0.113.9', '203.0.113.9'],
    ['the last of several, spaces trimmed', true, '1.1.1.1,2.2.2.2 ,  2001:db8::1  ', '2001:db8::1'],
    ['the socket peer when the header is missing', true, undefined, '198.51.100.7'],
    ['the socket peer when the last entry is empty', true, '203.0.113.9, ', '198.51.100.7'],
  ])('is %s', async (_case, trust, header, expected) => {
    expect(await ipOf(trust, header)).toBe(expected);
  });

  it('gives a client that forges X-Forwarded-For entries behind an appending proxy no fresh rate limit', async () => {
    const { app } = testApp({ trustProxy: true });
    const statuses: number[] = [];
    for (let i = 0; i <= CONSENT_PER_MINUTE; i++) {
      const forged = `10.0.${i}.1, 203.0.113.9`;
      statuses.push((await app.request('/api/consent', post(consentBody(), { 'x-forwarded-for': forged }))).status);
    }
    expect(statuses.slice(0, CONSENT_PER_MINUTE).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
