import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { consentBody, post } from './fixtures.ts';

const cases: [string, RequestInit, number, RegExp][] = [
  ['an empty body', post(''), 400, /not valid JSON/],
  ['not JSON', post('granted=all'), 400, /not valid JSON/],
  ['a JSON array', post('[]'), 400, /expected object/],
  ['a form post', post('a=b', { 'content-type': 'application/x-www-form-urlencoded' }), 415, /text\/plain/],
  ['a missing id', post(consentBody({ id: undefined })), 400, /^id:/],
  ['an id that is not a UUID', post(consentBody({ id: 'visitor-42' })), 400, /^id: must be the random consent id/],
  ['an unknown action', post(consentBody({ action: 'sell_data' })), 400, /^action:/],
  ['granted as a string', post(consentBody({ granted: 'all' })), 400, /^granted:/],
  ['gpc as a string', post(consentBody({ gpc: 'yes' })), 400, /^gpc:/],
  [
    'an unknown category',
    post(consentBody({ granted: ['necessary', 'candor', 'advertising'] })),
    400,
    /unknown category or service: advertising/,
  ],
  ['an unknown service', post(consentBody({ denied: ['tiktok'] })), 400, /unknown category or service: tiktok/],
  ['necessary denied', post(consentBody({ granted: [], denied: ['necessary'] })), 400, /always granted/],
  [
    'a necessary service denied',
    post(consentBody({ granted: ['necessary'], denied: ['candor'] })),
    400,
    /cannot be denied/,
  ],
  [
    'an id both granted and denied',
    post(consentBody({ granted: ['necessary', 'analytics'], denied: ['analytics'] })),
    400,
    /both granted and denied: analytics/,
  ],
  ['an old revision', post(consentBody({ revision: '2025-01-01' })), 400, /not current/],
  ['a bad config hash', post(consentBody({ configHash: 'abc' })), 400, /^configHash:/],
  ['a relative path', post(consentBody({ path: 'pricing' })), 400, /^path:/],
  ['a forged ip field', post(consentBody({ ip: '203.0.113.9' })), 400, /unknown field\(s\) ip/],
  ['a forged userAgent field', post(consentBody({ userAgent: 'x' })), 400, /unknown field\(s\) userAgent/],
  [
    'a forged recordedAt',
    post(consentBody({ recordedAt: '2020-01-01T00:00:00Z' })),
    400,
    /unknown field\(s\) recordedAt/,
  ],
  ['2,000 granted ids', post(consentBody({ granted: Array(2000).fill('necessary') })), 413, /exceeds 8192 bytes/],
  ['a 9 KB body', post(consentBody({ path: `/${'a'.repeat(9000)}` })), 413, /exceeds 8192 bytes/],
  ['a deeply nested body', post(`${'['.repeat(3000)}${']'.repeat(3000)}`), 400, /expected object/],
];

describe('POST /api/consent refuses bad input with a problem and stores nothing', () => {
  it.each(cases)('%s', async (_name, init, status, detail) => {
    const { app, deps } = testApp();
    const res = await app.request('/api/consent', init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect((await res.json()).detail).toMatch(detail);
    expect(await deps.records.consent.history('3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00')).toEqual([]);
  });
});

describe('GET /api/consent/:id', () => {
  it.each([
    ['not-a-uuid', 400],
    ['3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00', 404],
  ])('%s → %i problem', async (id, status) => {
    const { app } = testApp();
    const res = await app.request(`/api/consent/${id}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
});
