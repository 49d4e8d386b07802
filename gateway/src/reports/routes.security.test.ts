import type { MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';
import { fixtureEvents } from './fixtures.ts';
import { fixtureStats, recordingStats, statsApp } from './test-app.ts';

const PATHS = [
  '/api/stats/summary?period=7d',
  '/api/stats/timeseries?period=7d',
  '/api/stats/breakdown?period=7d&property=page',
  '/api/stats/realtime',
  // Bad parameters too: nothing about the request is validated (or echoed) before auth.
  '/api/stats/summary?from=nonsense&filters=%27%3B%20DROP%20TABLE%20events',
];

describe('auth runs first', () => {
  const deny: MiddlewareHandler<AppEnv> = async (c) => problem(c, 'unauthorized', 'Sign in first.');
  it.each(PATHS)('%s → 401 and the store is never asked', async (path) => {
    const { stats, calls } = recordingStats();
    const res = await statsApp(stats, { auth: deny }).app.request(path);
    expect(res.status).toBe(401);
    expect(calls).toEqual([]);
  });
});

describe('hostile input reaches SQL only as bound values', () => {
  let fixture: Awaited<ReturnType<typeof fixtureStats>>;
  beforeAll(async () => {
    // One visit whose UTM source is a spreadsheet formula: visitors control these values.
    const formula = fixtureEvents
      .filter((e) => e.sessionId === 'b1')
      .map((e) => ({ ...e, sessionId: 'z1', utmSource: '=HYPERLINK("http://evil.example","x")' }));
    fixture = await fixtureStats([...fixtureEvents, ...formula]);
  });
  afterAll(() => fixture.close());

  it.each([
    ['filters', "source==' OR 1=1 --"],
    ['filters', "page==/x')\\; DROP TABLE events\\; --"],
    ['filters', 'event==Signup" OR "1"="1'],
    ['goal', "event:x') OR true --"],
    ['goal', 'page:/a%27 UNION SELECT 1'],
  ])('%s=%s answers 200 with nothing matched, and the events table is intact', async (param, value) => {
    const before = await fixture.store.count();
    const res = await statsApp(fixture.stats).app.request(
      `/api/stats/summary?from=2026-11-20&to=2026-11-21&${param}=${encodeURIComponent(value)}`,
    );
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(param === 'goal' ? results.conversions : results.visits).toBe(0);
    expect(await fixture.store.count()).toBe(before);
  });

  it('a prop key is data, not a JSON path or SQL', async () => {
    const key = encodeURIComponent("prop:plan') OR 1=1 --");
    const res = await statsApp(fixture.stats).app.request(
      `/api/stats/breakdown?from=2026-11-20&to=2026-11-21&property=${key}&event=Signup`,
    );
    expect(res.status).toBe(200);
    expect((await res.json()).results).toEqual([{ value: '', visitors: 2, visits: 2, events: 2 }]);
  });

  it('CSV export defuses a formula a visitor planted in a UTM tag', async () => {
    const res = await statsApp(fixture.stats).app.request(
      '/api/stats/breakdown?from=2026-11-20&to=2026-11-21&property=utm_source&format=csv',
    );
    const text = await res.text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")",1,1,1,1,20\r\n`);
    expect(text).not.toMatch(/(^|\n|,)=HYPERLINK/);
  });

  it('a report never sets a cookie and is never cached', async () => {
    const res = await statsApp(fixture.stats).app.request('/api/stats/summary?period=30d');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
