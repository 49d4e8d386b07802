import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { login, PASSWORD, seedUser } from './admin/fixtures.ts';
import { CLIENT_FAILURES } from './admin/throttle.ts';
import { createCollect } from './analytics/collect.ts';
import {
  CONSENT_PER_MINUTE,
  LOGIN_POSTS_PER_MINUTE,
  PRIVACY_REQUESTS_PER_HOUR,
  UNSUBSCRIBE_POSTS_PER_MINUTE,
} from './app.ts';
import { clientIp, clientNetwork, createClientKeyer } from './client.ts';
import { consentBody, post } from './consent/fixtures.ts';
import { createMemoryRateLimiter } from './middleware/rate-limit/limiter.ts';
import { submitJson } from './requests/routes.fixtures.ts';
import { testApp } from './testing.ts';
import { oneClickUrlencoded, tokenFor } from './unsubscribe/fixtures.ts';

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

describe('clientNetwork: what a per-client limit counts as one client', () => {
  it.each([
    ['an IPv4 address as itself', '203.0.113.9', '203.0.113.9'],
    ['an IPv6 address as its /64', '2001:db8:5:6:1234:5678:9abc:def0', '2001:db8:5:6::/64'],
    ['a compressed IPv6 address as its /64', '2001:db8::1', '2001:db8:0:0::/64'],
    ['leading zeros and capitals as the same /64', '2001:0DB8:0005:0006::7', '2001:db8:5:6::/64'],
    ['a zone id and brackets dropped', '[fe80::1%eth0]', 'fe80:0:0:0::/64'],
    ['an embedded IPv4 tail as part of the address', '2001:db8:1:2::192.0.2.1', '2001:db8:1:2::/64'],
    ['an IPv4-mapped address as its IPv4 address', '::ffff:192.0.2.33', '192.0.2.33'],
    ['loopback as its /64', '::1', '0:0:0:0::/64'],
    ['no address as itself', 'unknown', 'unknown'],
    ['a malformed address as itself', '2001:db8::1::2', '2001:db8::1::2'],
    ['an over-long address as itself', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
  ])('counts %s', (_case, ip, network) => {
    expect(clientNetwork(ip)).toBe(network);
  });

  it('gives every address of one /64 one key, and another /64 or IPv4 address its own', async () => {
    const key = createClientKeyer();
    const one = await Promise.all(ONE_64.map(key));
    expect(new Set(one).size).toBe(1);
    expect(await key('2001:db8:5:7::1')).not.toBe(one[0]);
    expect(await key('198.51.100.1')).not.toBe(await key('198.51.100.2'));
    // The key is a salted hash: it holds neither the address nor its network.
    expect(one[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

/** Twenty addresses of one /64, and one address of the /64 next to it. */
const ONE_64 = Array.from({ length: 20 }, (_, i) => `2001:db8:5:6:${(i + 1).toString(16)}::${i + 7}`);
const NEXT_64 = '2001:db8:5:7::1';

type App = ReturnType<typeof testApp>['app'];
type Deps = ReturnType<typeof testApp>['deps'];

/** Each per-client limit of the app: how many requests one client may make, and one request. */
const LIMITS: [string, number, (app: App, deps: Deps, peer: string, i: number) => Response | Promise<Response>][] = [
  [
    'consent',
    CONSENT_PER_MINUTE,
    (app, _deps, peer) => app.request('/api/consent', post(consentBody(), { 'x-test-peer': peer })),
  ],
  [
    'unsubscribe',
    UNSUBSCRIBE_POSTS_PER_MINUTE,
    async (app, deps, peer) => {
      const init = oneClickUrlencoded();
      const headers = { ...(init.headers as Record<string, string>), 'x-test-peer': peer };
      return app.request(`/u/${await tokenFor(deps)}`, { ...init, headers });
    },
  ],
  [
    'privacy requests',
    PRIVACY_REQUESTS_PER_HOUR,
    (app, _deps, peer, i) => submitJson(app, { type: 'access', email: `p${i}@example.com` }, { 'x-test-peer': peer }),
  ],
  [
    'login posts',
    LOGIN_POSTS_PER_MINUTE,
    (app, _deps, peer) => login(app, 'admin@example.test', PASSWORD, { 'x-test-peer': peer }),
  ],
  [
    'failed logins',
    CLIENT_FAILURES,
    (app, _deps, peer, i) => login(app, `guess${i}@example.test`, 'wrong guess', { 'x-test-peer': peer }),
  ],
];

describe.each(LIMITS)('the %s limit', (_name, limit, send) => {
  it('counts the addresses of one IPv6 /64 as one client, and leaves the next /64 alone', async () => {
    const { app, deps } = testApp();
    await seedUser(deps, 'admin');
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) statuses.push((await send(app, deps, ONE_64[i % ONE_64.length] ?? '', i)).status);
    expect(statuses.every((s) => s !== 429)).toBe(true);
    expect((await send(app, deps, ONE_64[limit % ONE_64.length] ?? '', limit)).status).toBe(429);
    expect((await send(app, deps, NEXT_64, limit + 1)).status).not.toBe(429);
  });
});

describe('the event limit', () => {
  it('counts the addresses of one IPv6 /64 as one client, and leaves the next /64 alone', () => {
    const collect = createCollect({
      ingest: () => undefined,
      limiter: createMemoryRateLimiter({ capacity: 3, perMinute: 3 }),
    });
    const send = (ip: string) =>
      collect({ text: '{}', headers: { get: () => 'text/plain' }, ip, requestId: 'r' }).status;
    expect(ONE_64.slice(0, 3).map(send)).toEqual([202, 202, 202]);
    expect(send(ONE_64[3] ?? '')).toBe(429);
    expect(send(NEXT_64)).toBe(202);
    expect(send('198.51.100.1')).toBe(202);
  });
});
