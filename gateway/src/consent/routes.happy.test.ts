import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { consentBody, DEMO_HASH, post } from './fixtures.ts';

describe('POST /api/consent', () => {
  it('records a choice sent by sendBeacon (text/plain) and answers 201 with the id and time', async () => {
    const { app, deps } = testApp();
    const res = await app.request('/api/consent', post(consentBody()));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: '3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00', recordedAt: expect.any(String) });
    const [stored] = await deps.records.consent.history(body.id);
    expect(stored).toMatchObject({
      action: 'reject_all',
      granted: ['necessary', 'candor'],
      denied: ['preferences', 'analytics', 'ga4', 'marketing', 'hubspot'],
      revision: '2026-11-01',
      configHash: DEMO_HASH,
      locale: 'en',
      gpc: false,
      path: '/pricing',
    });
    expect(stored?.recordedAt.toISOString()).toBe(body.recordedAt);
  });

  it.each([
    ['accept_all', ['necessary', 'candor', 'preferences', 'analytics', 'ga4', 'marketing', 'hubspot'], []],
    ['custom', ['necessary', 'candor', 'analytics'], ['preferences', 'ga4', 'marketing', 'hubspot']],
    ['withdraw', ['necessary', 'candor'], ['preferences', 'analytics', 'ga4', 'marketing', 'hubspot']],
    ['gpc', ['necessary', 'candor'], ['marketing', 'hubspot']],
  ])('accepts the %s action', async (action, granted, denied) => {
    const { app } = testApp();
    const res = await app.request('/api/consent', post(consentBody({ action, granted, denied })));
    expect(res.status).toBe(201);
  });

  it('records a service granted without its category, as a frame’s "Always allow" sends it', async () => {
    const { app, deps } = testApp();
    const granted = ['necessary', 'candor', 'hubspot'];
    const denied = ['preferences', 'analytics', 'ga4', 'marketing'];
    const res = await app.request('/api/consent', post(consentBody({ action: 'custom', granted, denied })));
    expect(res.status).toBe(201);
    const [stored] = await deps.records.consent.history('3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00');
    expect(stored).toMatchObject({ action: 'custom', granted, denied });
  });

  it('accepts application/json too', async () => {
    const { app } = testApp();
    const res = await app.request('/api/consent', post(consentBody(), { 'content-type': 'application/json' }));
    expect(res.status).toBe(201);
  });

  it('records GPC from the Sec-GPC header even when the body says false', async () => {
    const { app, deps } = testApp();
    await app.request('/api/consent', post(consentBody(), { 'sec-gpc': '1' }));
    const [stored] = await deps.records.consent.history('3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00');
    expect(stored?.gpc).toBe(true);
  });

  it('stores the path without its query string or fragment', async () => {
    const { app, deps } = testApp();
    await app.request('/api/consent', post(consentBody({ path: '/pricing?email=a@b.example#top' })));
    const [stored] = await deps.records.consent.history('3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00');
    expect(stored?.path).toBe('/pricing');
  });
});

describe('GET /api/consent/:id', () => {
  it('returns every choice for that id, oldest first, and nothing of other ids', async () => {
    const { app } = testApp();
    await app.request('/api/consent', post(consentBody({ action: 'reject_all' })));
    await app.request(
      '/api/consent',
      post(
        consentBody({
          action: 'custom',
          granted: ['necessary', 'candor', 'analytics', 'ga4'],
          denied: ['preferences', 'marketing', 'hubspot'],
        }),
      ),
    );
    await app.request('/api/consent', post(consentBody({ id: '11111111-2222-4333-8444-555555555555' })));
    const res = await app.request('/api/consent/3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.id).toBe('3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00');
    expect(body.controller.name).toBe('Tidewater Practice Software GmbH');
    expect(body.records.map((r: { action: string }) => r.action)).toEqual(['reject_all', 'custom']);
    expect(body.records[1].granted).toEqual(['necessary', 'candor', 'analytics', 'ga4']);
  });

  it('offers the history as a download', async () => {
    const { app } = testApp();
    await app.request('/api/consent', post(consentBody()));
    const res = await app.request('/api/consent/3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00?download=1');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="consent-record-3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00.json"',
    );
  });
});
