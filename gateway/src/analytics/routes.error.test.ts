import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { beacon, GOOGLEBOT, HEADLESS } from './fixtures.ts';
import { EVENTS_PER_MINUTE } from './index.ts';

const bad: [string, RequestInit, number][] = [
  ['an empty body', beacon(''), 400],
  ['not JSON', beacon('n=pageview'), 400],
  ['a JSON string', beacon('"pageview"'), 400],
  ['wrong types', beacon({ n: 1, u: 2 }), 400],
  ['an invalid URL', beacon({ n: 'pageview', u: 'localhost' }), 400],
  ['a huge body', beacon({ n: 'pageview', u: 'http://localhost/', p: { x: 'y'.repeat(5000) } }), 413],
  ['deep JSON', beacon(`${'['.repeat(1500)}${']'.repeat(1500)}`), 400],
  ['a form post', beacon('n=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415],
];

describe('POST /api/event refuses bad input with a 4xx problem, never a 5xx', () => {
  it.each(bad)('%s', async (_name, init, status) => {
    const { app, deps, events } = testApp();
    const res = await app.request('/api/event', init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    await deps.analytics.buffer.flush();
    expect(events.rows).toHaveLength(0);
  });
});

describe('bots are dropped and counted by reason', () => {
  it.each([
    ['a crawler', { ua: GOOGLEBOT }, 'bot'],
    ['headless Chrome', { ua: HEADLESS }, 'headless'],
    ['a prefetch', { headers: { 'sec-purpose': 'prefetch' } }, 'prefetch'],
    ['no user agent', { ua: '' }, 'no_user_agent'],
  ])('%s', async (_name, client, reason) => {
    const { app, deps, events } = testApp();
    const res = await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/' }, client));
    expect(res.status).toBe(202);
    await deps.analytics.buffer.flush();
    expect(events.rows).toHaveLength(0);
    expect([...events.dropped.values()]).toEqual([expect.objectContaining({ site: 'demo', reason, count: 1 })]);
  });
});

describe('load shedding and rate limits', () => {
  it('answers 503 with Retry-After when the buffer is full, and counts it', async () => {
    const { app, deps } = testApp({}, { buffer: { maxEvents: 2, batchSize: 100 } });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/' }))).status);
    expect(statuses).toEqual([202, 202, 503]);
    expect(deps.analytics.metrics.shed).toBe(1);
  });

  it(`limits one client to ${EVENTS_PER_MINUTE} events a minute`, async () => {
    const { app } = testApp({}, { buffer: { maxEvents: 10_000, batchSize: 10_000 } });
    let accepted = 0;
    let status = 0;
    // The bucket refills at EVENTS_PER_MINUTE / 60 per second while the loop runs, so allow a margin.
    while (accepted < EVENTS_PER_MINUTE + 200) {
      status = (
        await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/' }, { ip: '198.51.100.7' }))
      ).status;
      if (status !== 202) break;
      accepted++;
    }
    expect(status).toBe(429);
    expect(accepted).toBeGreaterThanOrEqual(EVENTS_PER_MINUTE);
    expect(accepted).toBeLessThan(EVENTS_PER_MINUTE + 200);
    const other = await app.request(
      '/api/event',
      beacon({ n: 'pageview', u: 'http://localhost/' }, { ip: '198.51.100.8' }),
    );
    expect(other.status).toBe(202);
  });
});
