import { describe, expect, it } from 'vitest';
import { decodeEntities, OriginMatcher } from './origins.ts';
import { GA4, HUBSPOT, SELF, STRIPE } from './rewrite.fixtures.ts';

const matcher = new OriginMatcher(
  [GA4, HUBSPOT, STRIPE, { ...GA4, id: 'later', origins: ['https://www.googletagmanager.com', 'not a url'] }],
  SELF,
);

describe('OriginMatcher', () => {
  it.each([
    ['https://www.googletagmanager.com/gtag/js?id=G-1', 'ga4'],
    ['http://www.googletagmanager.com/gtag/js', 'ga4'],
    ['//www.googletagmanager.com/gtag/js', 'ga4'],
    ['  HTTPS://WWW.GOOGLETAGMANAGER.COM/x  ', 'ga4'],
    ['https://a.b.hubspot.com/x.js', 'hubspot'],
    ['https://js.stripe.com/v3/', 'stripe'],
  ])('claims %s for %s (the first service listed wins)', (src, id) => {
    expect(matcher.judge(src, undefined)).toMatchObject({ kind: 'service', service: { id } });
  });

  it.each([
    ['https://www.googletagmanager.com:8443/x', 'https://www.googletagmanager.com:8443'],
    ['https://hubspot.com/x', 'https://hubspot.com'],
    ['https://evilhubspot.com/x', 'https://evilhubspot.com'],
    ['https://www.googletagmanager.com.evil.test/x', 'https://www.googletagmanager.com.evil.test'],
  ])('reports %s as the unknown origin %s', (src, origin) => {
    expect(matcher.judge(src, undefined)).toEqual({ kind: 'unknown', origin });
  });

  it.each([
    '/a.js',
    'a.js',
    `${SELF}/a.js`,
    'http://www.acme.test/a.js',
    'data:text/javascript,1',
    'javascript:void 0',
    'http://[bad',
  ])('counts %s as the page’s own', (src) => {
    expect(matcher.judge(src, undefined)).toEqual({ kind: 'first-party' });
  });

  it('resolves against a <base>', () => {
    expect(matcher.judge('gtag/js', matcher.base('https://www.googletagmanager.com/'))).toMatchObject({
      kind: 'service',
    });
  });
});

describe('decodeEntities', () => {
  it.each([
    ['https:&#x2F;&#47;a.test', 'https://a.test'],
    ['a&amp;b&AMP;c&colon;', 'a&b&c:'],
    ['&unknown; &#0; &#x110000;', '&unknown; \ufffd \ufffd'],
    ['plain', 'plain'],
  ])('%s → %s', (raw, decoded) => {
    expect(decodeEntities(raw)).toBe(decoded);
  });
});
