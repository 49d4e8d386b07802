import { describe, expect, it } from 'vitest';
import { CONSENT_PER_MINUTE } from '../app.ts';
import { testApp } from '../testing.ts';
import { consentBody, post } from './fixtures.ts';

describe('consent proof holds nothing that identifies the visitor', () => {
  it('stores no IP or user agent, whatever the request carries', async () => {
    const { app, deps } = testApp({ trustProxy: true });
    const ip = '198.51.100.23';
    const ua = 'Mozilla/5.0 (Macintosh) ConsentProbe/7';
    const res = await app.request(
      '/api/consent',
      post(consentBody(), { 'x-forwarded-for': ip, 'user-agent': ua, 'x-test-peer': ip }),
    );
    expect(res.status).toBe(201);
    const stored = JSON.stringify(await deps.records.consent.history('3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00'));
    expect(stored).not.toContain(ip);
    expect(stored).not.toContain('ConsentProbe');
  });
});

describe('rate limits', () => {
  it(`allows ${CONSENT_PER_MINUTE} writes a minute per client, then 429 with Retry-After`, async () => {
    const { app } = testApp();
    const statuses: number[] = [];
    for (let i = 0; i <= CONSENT_PER_MINUTE; i++) {
      statuses.push((await app.request('/api/consent', post(consentBody(), { 'x-test-peer': '192.0.2.50' }))).status);
    }
    expect(statuses.slice(0, CONSENT_PER_MINUTE).every((s) => s === 201)).toBe(true);
    const limited = await app.request('/api/consent', post(consentBody(), { 'x-test-peer': '192.0.2.50' }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).type).toBe('urn:candor:problem:rate_limited');
    // another client is not affected
    const other = await app.request('/api/consent', post(consentBody(), { 'x-test-peer': '192.0.2.51' }));
    expect(other.status).toBe(201);
  });

  it('keys clients by the forwarded address only behind a trusted proxy', async () => {
    const direct = testApp();
    for (let i = 0; i < CONSENT_PER_MINUTE; i++) {
      await direct.app.request('/api/consent', post(consentBody(), { 'x-forwarded-for': `10.0.0.${i}` }));
    }
    // Without a trusted proxy, rotating X-Forwarded-For does not buy a fresh bucket.
    const res = await direct.app.request('/api/consent', post(consentBody(), { 'x-forwarded-for': '10.0.1.1' }));
    expect(res.status).toBe(429);
  });
});
