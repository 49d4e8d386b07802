import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../../candor.config.ts';
import { DEMO_HASH } from '../../consent/fixtures.ts';
import { testApp } from '../../testing.ts';
import { siteOrigins } from './index.ts';

// Contract v2: a company's own site (a configured hostname, on another origin than the gateway)
// may call the public endpoints; any other origin gets no CORS header, so its browser keeps the
// answers from its pages. The demo's hostnames are localhost and 127.0.0.1.
const SITE = 'http://localhost:4321';
const FOREIGN = 'https://evil.example';
const CONSENT = {
  id: '00000000-0000-4000-8000-000000000001',
  action: 'reject_all',
  granted: ['necessary'],
  denied: ['preferences', 'analytics', 'marketing'],
  revision: demo.policy.revision,
  configHash: DEMO_HASH,
  locale: 'en',
  gpc: false,
  path: '/',
};

const ENDPOINTS: [string, string, string | undefined][] = [
  ['POST', '/api/consent', JSON.stringify(CONSENT)],
  ['GET', `/api/consent/${CONSENT.id}`, undefined],
  ['POST', '/api/event', JSON.stringify({ n: 'pageview', u: 'http://localhost/' })],
  ['POST', '/api/privacy-requests', JSON.stringify({ type: 'access', email: 'a@example.com' })],
  ['GET', '/api/banner?site=demo&locale=en', undefined],
];

describe('CORS for the configured sites', () => {
  it.each(ENDPOINTS)(
    '%s %s answers a configured site with its origin, and a foreign one with none',
    async (method, path, body) => {
      const { app } = testApp();
      const call = (origin: string) =>
        app.request(path, { method, body, headers: { origin, 'content-type': 'text/plain', 'x-test-peer': origin } });
      const site = await call(SITE);
      expect(site.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(site.headers.get('vary')).toContain('Origin');
      expect(site.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      const foreign = await call(FOREIGN);
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      expect(foreign.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    },
  );

  it.each(ENDPOINTS)('answers the preflight of %s %s for a configured site only', async (method, path) => {
    const { app } = testApp();
    const preflight = (origin: string) =>
      app.request(path, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
      });
    const site = await preflight(SITE);
    expect(site.status).toBe(204);
    expect(site.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(site.headers.get('access-control-allow-methods')).toBe(method);
    expect(site.headers.get('access-control-allow-headers')).toBe('content-type');
    const foreign = await preflight(FOREIGN);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-methods')).toBeNull();
  });

  it.each(['/admin/login', '/api/stats/summary', '/api/suppressions', '/healthz'])(
    'keeps %s same-origin, whatever the origin',
    async (path) => {
      const { app } = testApp();
      const res = await app.request(path, { headers: { origin: SITE } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    },
  );
});

describe('siteOrigins', () => {
  const allowed = siteOrigins(parseConfig(demo, 'test'));
  it.each([
    ['https://localhost', true],
    ['http://localhost:4321', true],
    ['http://127.0.0.1:8080', true],
    ['https://evil.example', false],
    ['http://localhost.evil.example', false],
    ['null', false],
    ['https://localhost/path', false],
    ['not a url', false],
  ])('%s → %s', (origin, expected) => {
    expect(allowed(origin)).toBe(expected);
  });

  it('takes https only for a public hostname', () => {
    const site = { ...demo.sites[0], hostnames: ['www.tidewater.example'] };
    const check = siteOrigins(parseConfig({ ...demo, sites: [site] }, 'test'));
    expect(check('https://www.tidewater.example')).toBe(true);
    expect(check('http://www.tidewater.example')).toBe(false);
  });
});
