import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { beacon, CHROME, IPHONE } from './fixtures.ts';

describe('POST /api/event', () => {
  it('answers 202 with no body and stores one enriched event after the flush', async () => {
    const { app, deps, events } = testApp();
    const res = await app.request(
      '/api/event',
      beacon({
        n: 'pageview',
        u: 'http://localhost:8080/pricing/?utm_source=newsletter&utm_campaign=nov&email=a@b.test#plans',
        r: 'https://www.google.de/',
        w: 1440,
      }),
    );
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(events.rows).toHaveLength(0); // nothing is written on the request path
    await deps.analytics.buffer.flush();
    expect(events.rows).toEqual([
      expect.objectContaining({
        site: 'demo',
        name: 'pageview',
        path: '/pricing',
        source: 'Google',
        referrerHost: 'google.de',
        utmSource: 'newsletter',
        utmCampaign: 'nov',
        country: 'DE',
        browser: 'Chrome',
        browserVersion: '131',
        os: 'Windows',
        device: 'desktop',
        firstOfDay: true,
        engagedMs: 0,
        props: {},
      }),
    ]);
    expect(events.rows[0]?.sessionId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a pageview of /pricing?utm_source=x is stored as /pricing with utm_source x', async () => {
    const { app, deps, events } = testApp();
    await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/pricing?utm_source=x' }));
    await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/pricing' }, { ua: IPHONE }));
    await deps.analytics.buffer.flush();
    expect(events.rows.map((e) => [e.path, e.utmSource])).toEqual([
      ['/pricing', 'x'],
      ['/pricing', ''],
    ]);
  });

  it('stitches a visit: same session, first-of-day only once, engaged time kept', async () => {
    const { app, deps, events } = testApp();
    await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/' }));
    await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/features' }));
    await app.request('/api/event', beacon({ n: 'engagement', u: 'http://localhost/features', e: 4200 }));
    await app.request('/api/event', beacon({ n: 'pageview', u: 'http://localhost/' }, { ua: IPHONE }));
    await deps.analytics.buffer.flush();
    const [a, b, c, other] = events.rows;
    expect(new Set([a?.sessionId, b?.sessionId, c?.sessionId]).size).toBe(1);
    expect([a?.firstOfDay, b?.firstOfDay, c?.firstOfDay]).toEqual([true, false, false]);
    expect(c).toMatchObject({ name: 'engagement', engagedMs: 4200 });
    expect(other).toMatchObject({ firstOfDay: true, device: 'mobile' });
    expect(other?.sessionId).not.toBe(a?.sessionId);
  });

  it('keeps custom events with their props', async () => {
    const { app, deps, events } = testApp();
    await app.request('/api/event', beacon({ n: 'Signup', u: 'http://localhost/pricing', p: { plan: 'pro' } }));
    await deps.analytics.buffer.flush();
    expect(events.rows[0]).toMatchObject({ name: 'Signup', props: { plan: 'pro' } });
  });

  it('drops events for hostnames that are not configured, says 202 and counts them', async () => {
    const { app, deps, events } = testApp();
    const res = await app.request('/api/event', beacon({ n: 'pageview', u: 'https://evil.example/' }));
    expect(res.status).toBe(202);
    await deps.analytics.buffer.flush();
    expect(events.rows).toHaveLength(0);
    expect(deps.analytics.metrics.dropped.get('unknown_host')).toBe(1);
    expect([...events.dropped.values()]).toEqual([
      expect.objectContaining({ site: '', reason: 'unknown_host', count: 1 }),
    ]);
  });

  it('accepts application/json and a missing content type', async () => {
    const { app } = testApp();
    const json = beacon({ n: 'pageview', u: 'http://localhost/' }, { headers: { 'content-type': 'application/json' } });
    expect((await app.request('/api/event', json)).status).toBe(202);
    const bare = {
      method: 'POST',
      body: JSON.stringify({ n: 'pageview', u: 'http://localhost/' }),
      headers: { 'user-agent': CHROME },
    };
    expect((await app.request('/api/event', bare)).status).toBe(202);
  });
});
