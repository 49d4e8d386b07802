import { LOCALES } from '@candor/consent/messages';
import { describe, expect, it } from 'vitest';
import { demoConfig, testApp } from '../testing.ts';
import { consentBody, DEMO_HASH, post } from './fixtures.ts';

const ID = '3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00';

describe('GET /api/banner', () => {
  it('answers the banner config with absolute links on the public origin and the hash of its notice', async () => {
    const { app } = testApp();
    const res = await app.request('/api/banner?site=demo&locale=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const banner = await res.json();
    expect(banner).toMatchObject({
      revision: demoConfig.policy.revision,
      endpoint: 'http://localhost:8080/api/consent',
      links: { privacy: 'http://localhost:8080/privacy', cookies: 'http://localhost:8080/cookies' },
      configHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(banner.styles).toBeUndefined();
    // Not the same-origin banner the demo site embeds: its links differ, so its notice does.
    expect(banner.configHash).not.toBe(DEMO_HASH);
  });

  it('links to the pages the config names elsewhere', async () => {
    const config = {
      ...demoConfig,
      pages: { ...demoConfig.pages, privacy: 'https://tidewater.example/legal/privacy' },
    };
    const { app } = testApp({ config });
    const banner = await (await app.request('/api/banner?site=demo&locale=en')).json();
    expect(banner.links).toEqual({
      privacy: 'https://tidewater.example/legal/privacy',
      cookies: 'http://localhost:8080/cookies',
    });
  });

  it('defaults to the first site and the first locale', async () => {
    const { app } = testApp();
    const [a, b] = await Promise.all([app.request('/api/banner'), app.request('/api/banner?site=demo&locale=en')]);
    expect(await a?.text()).toBe(await b?.text());
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { app } = testApp();
    const first = await app.request('/api/banner?site=demo&locale=en');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await app.request('/api/banner?site=demo&locale=en', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it.each([
    ['site=nope&locale=en', /site must be one of: demo/],
    ['site=demo&locale=xx', /locale must be one of: en/],
  ])('refuses %s with a 400 problem', async (query, detail) => {
    const { app } = testApp();
    const res = await app.request(`/api/banner?${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(detail);
  });

  it('archives the notice it serves: categories, services with provider and cookies, and the banner texts', async () => {
    const { app, deps } = testApp();
    const { configHash } = await (await app.request('/api/banner?site=demo&locale=en')).json();
    const archived = (await deps.records.notices.get([configHash])).get(configHash);
    expect(archived?.notice).toMatchObject({
      locale: 'en',
      texts: LOCALES.en,
      banner: { revision: demoConfig.policy.revision, categories: expect.any(Array) },
      services: expect.arrayContaining([
        expect.objectContaining({ id: 'ga4', provider: 'Google Ireland Ltd.', cookies: expect.any(Array) }),
      ]),
    });
  });
});

describe('POST /api/consent checks the configHash against the notices served', () => {
  it('refuses a hash no banner of this gateway was served under with a 400 problem, and stores nothing', async () => {
    const { app, deps } = testApp();
    const res = await app.request('/api/consent', post(consentBody({ configHash: 'f'.repeat(64) })));
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/configHash names no banner this gateway has served/);
    expect(await deps.records.consent.history(ID)).toEqual([]);
  });

  it('accepts an archived hash of an older banner', async () => {
    const { app, deps } = testApp();
    const old = 'e'.repeat(64);
    await deps.records.notices.remember(old, { banner: 'of last year' }, new Date('2025-12-01T00:00:00Z'));
    const res = await app.request('/api/consent', post(consentBody({ configHash: old })));
    expect(res.status).toBe(201);
  });

  it('accepts the hash of the banner /api/banner serves, and of the one the site embeds', async () => {
    const { app } = testApp();
    const { configHash } = await (await app.request('/api/banner?site=demo&locale=en')).json();
    expect((await app.request('/api/consent', post(consentBody({ configHash })))).status).toBe(201);
    expect((await app.request('/api/consent', post(consentBody({ configHash: DEMO_HASH })))).status).toBe(201);
  });

  it('returns each record of the history with the notice it was given under', async () => {
    const { app } = testApp();
    await app.request('/api/consent', post(consentBody()));
    const history = await (await app.request(`/api/consent/${ID}`)).json();
    expect(history.records).toHaveLength(1);
    expect(history.records[0]).toMatchObject({
      configHash: DEMO_HASH,
      notice: { locale: 'en', banner: { links: { privacy: '/privacy' } } },
      noticeFirstServedAt: expect.any(String),
    });
  });
});
