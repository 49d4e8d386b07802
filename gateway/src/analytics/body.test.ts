import { describe, expect, it } from 'vitest';
import { parseEventBody } from './body.ts';

describe('the event body', () => {
  it('accepts the tracker body and coerces props to strings', () => {
    const body = parseEventBody({
      n: 'Signup',
      u: 'https://example.com/x?y=1',
      r: 'https://google.com/',
      w: 1280,
      p: { plan: 'pro', seats: 3, trial: true },
      e: 1234.4,
    });
    expect(body).toEqual({
      name: 'Signup',
      url: new URL('https://example.com/x?y=1'),
      referrer: 'https://google.com/',
      props: { plan: 'pro', seats: '3', trial: 'true' },
      engagedMs: 1234,
    });
  });

  it('keeps the page view but drops a referrer longer than 2048 characters', () => {
    const body = parseEventBody({ n: 'pageview', u: 'https://x.test/', r: `https://r.test/${'a'.repeat(2100)}` });
    expect(body).toMatchObject({ name: 'pageview', referrer: undefined });
  });

  it.each([
    ['null', null, /JSON object/],
    ['an array', [], /JSON object/],
    ['a string', 'pageview', /JSON object/],
    ['no name', { u: 'https://x.test/' }, /^n /],
    ['a number as name', { n: 5, u: 'https://x.test/' }, /^n /],
    ['an empty name', { n: '', u: 'https://x.test/' }, /^n /],
    ['a 121-character name', { n: 'x'.repeat(121), u: 'https://x.test/' }, /^n /],
    ['no URL', { n: 'pageview' }, /^u /],
    ['an invalid URL', { n: 'pageview', u: 'not a url' }, /not a valid URL/],
    ['a javascript: URL', { n: 'pageview', u: 'javascript:alert(1)' }, /http or https/],
    ['a file: URL', { n: 'pageview', u: 'file:///etc/passwd' }, /http or https/],
    ['a numeric referrer', { n: 'pageview', u: 'https://x.test/', r: 1 }, /^r /],
    ['a negative width', { n: 'pageview', u: 'https://x.test/', w: -1 }, /^w /],
    ['a width as string', { n: 'pageview', u: 'https://x.test/', w: '1280' }, /^w /],
    ['infinite engagement', { n: 'engagement', u: 'https://x.test/', e: Number.POSITIVE_INFINITY }, /^e /],
    ['engagement over a day', { n: 'engagement', u: 'https://x.test/', e: 86_400_001 }, /^e /],
    ['props as an array', { n: 'x', u: 'https://x.test/', p: ['a'] }, /^p /],
    ['a nested prop', { n: 'x', u: 'https://x.test/', p: { a: { b: 1 } } }, /^p\.a /],
    [
      '31 props',
      { n: 'x', u: 'https://x.test/', p: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v'])) },
      /at most 30/,
    ],
  ])('refuses %s', (_name, value, reason) => {
    const result = parseEventBody(value);
    expect(typeof result).toBe('string');
    expect(result).toMatch(reason);
  });
});
