import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { eventsStored, metricsEnv } from '../support/metrics.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('the stats API on the built gateway', () => {
  let gw: RunningGateway;
  let key = '';
  beforeAll(async () => {
    gw = await startGateway({ env: { CANDOR_TRUST_PROXY: '1', ...metricsEnv } });
    const created = await cli(gw.dataDir, ['apikey', 'create', '--name', 'ci', '--scope', 'stats:read']);
    expect(created.code).toBe(0);
    key = created.stdout.trim().split('\n').at(-1) ?? '';
    const send = (ip: string, body: object) =>
      fetch(`${gw.url}/api/event`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': CHROME, 'x-forwarded-for': ip },
        body: JSON.stringify(body),
      });
    // Two visitors: one bounces, one views two pages.
    await send('203.0.113.1', { n: 'pageview', u: 'http://localhost:8080/', r: 'https://www.google.com/' });
    await send('203.0.113.2', { n: 'pageview', u: 'http://localhost:8080/pricing' });
    await send('203.0.113.2', { n: 'pageview', u: 'http://localhost:8080/features' });
    await eventsStored(gw, 3);
  });
  afterAll(async () => {
    await gw.stop();
    await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('refuses anonymous callers with a 401 problem', async () => {
    const res = await fetch(`${gw.url}/api/stats/summary?period=7d`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('answers a summary to an API key with the stats:read scope', async () => {
    const res = await fetch(`${gw.url}/api/stats/summary?period=7d`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results).toMatchObject({
      visitors: 2,
      visits: 2,
      pageviews: 3,
      bounce_rate: 0.5,
      views_per_visit: 1.5,
    });
  });

  it('breaks visits down by source and exports CSV', async () => {
    const res = await fetch(`${gw.url}/api/stats/breakdown?period=7d&property=source&format=csv`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    expect(csv.split('\n')[0]).toMatch(/^value,visitors/);
    expect(csv).toContain('Google');
  });
});
