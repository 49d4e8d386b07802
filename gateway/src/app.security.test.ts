import { describe, expect, it } from 'vitest';
import { testApp } from './testing.ts';

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

describe('security headers', () => {
  it.each(['/healthz', '/api/nope', '/', '/nope'])('%s carries the base security headers', async (path) => {
    const { app } = testApp();
    const res = await app.request(path);
    for (const [name, value] of Object.entries(BASE_HEADERS)) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('API responses get a CSP that loads nothing', async () => {
    const { app } = testApp();
    const res = await app.request('/healthz');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });

  it('site pages get a same-origin CSP with the service origins and no unsafe-inline', async () => {
    const { app } = testApp();
    const csp = (await app.request('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain('https://www.googletagmanager.com');
    expect(csp).toContain("object-src 'none'");
  });

  it('sends HSTS only for https, and trusts X-Forwarded-Proto only behind a trusted proxy', async () => {
    const direct = testApp();
    const proxied = testApp({ trustProxy: true });
    const hsts = async (app: typeof direct.app, url: string, headers: Record<string, string> = {}) =>
      (await app.request(url, { headers })).headers.get('strict-transport-security');
    expect(await hsts(direct.app, 'http://localhost/healthz')).toBeNull();
    expect(await hsts(direct.app, 'https://localhost/healthz')).toBe('max-age=31536000; includeSubDomains');
    expect(await hsts(direct.app, 'http://localhost/healthz', { 'x-forwarded-proto': 'https' })).toBeNull();
    expect(await hsts(proxied.app, 'http://localhost/healthz', { 'x-forwarded-proto': 'https' })).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(await hsts(proxied.app, 'http://localhost/healthz', { 'x-forwarded-proto': 'http' })).toBeNull();
  });
});

describe('logs carry no personal data', () => {
  const ip = '203.0.113.77';
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) CandorPrivacyProbe/9.9';
  const email = 'jane.doe+probe@example.org';

  it('never logs the client IP, the user agent, an email, or the query string', async () => {
    const { app, logs } = testApp({ trustProxy: true });
    const headers = { 'x-forwarded-for': ip, 'x-real-ip': ip, 'user-agent': ua, referer: `https://x.test/?e=${email}` };
    await app.request(`/features?email=${encodeURIComponent(email)}`, { headers });
    await app.request(`/nope/${encodeURIComponent(email)}`, { headers });
    await app.request(`/api/nope?email=${email}`, { method: 'POST', headers, body: JSON.stringify({ email, ip }) });
    await app.request('/api/nope', { method: 'POST', headers, body: 'x'.repeat(70_000) });
    const out = logs();
    expect(out).toContain('"route"'); // requests were logged at all
    expect(out.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(4);
    for (const needle of [ip, ua, 'CandorPrivacyProbe', email, encodeURIComponent(email), 'jane.doe']) {
      expect(out, needle).not.toContain(needle);
    }
  });

  it('redacts personal fields even when a caller logs them by mistake', () => {
    const { deps, logs } = testApp();
    deps.logger.info({ email, ip, userAgent: ua, user: { email }, req: { headers: { 'user-agent': ua } } }, 'oops');
    const out = logs();
    expect(out).toContain('"msg":"oops"');
    for (const needle of [email, ip, ua]) expect(out, needle).not.toContain(needle);
  });
});
