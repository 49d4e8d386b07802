import { describe, expect, it } from 'vitest';
import { formatFilters, parseFilters } from './filters.ts';

describe('parseFilters', () => {
  it.each([
    ['', []],
    ['country==DE', [{ dimension: 'country', op: 'is', values: ['DE'] }]],
    ['country==de|at', [{ dimension: 'country', op: 'is', values: ['DE', 'AT'] }]],
    ['source==', [{ dimension: 'source', op: 'is', values: [''] }]],
    ['page!=/a==b', [{ dimension: 'page', op: 'is_not', values: ['/a==b'] }]],
    ['page==/a\\;b\\|c\\\\d', [{ dimension: 'page', op: 'is', values: ['/a;b|c\\d'] }]],
    [
      'utm_campaign==Black Friday;event!=Signup',
      [
        { dimension: 'utm_campaign', op: 'is', values: ['Black Friday'] },
        { dimension: 'event', op: 'is_not', values: ['Signup'] },
      ],
    ],
    ['browser_version==Firefox 133', [{ dimension: 'browser_version', op: 'is', values: ['Firefox 133'] }]],
  ])('%j', (text, expected) => {
    expect(parseFilters(text)).toEqual(expected);
  });

  it.each([
    ['country', /not dimension==value/],
    ['country=DE', /not dimension==value/],
    ['Country==DE', /not dimension==value/],
    ['ip==1.2.3.4', /unknown dimension "ip"/],
    ['country==DE;', /not dimension==value/],
    [`page==/${'a'.repeat(1024)}`, /at most 1024 characters/],
  ])('refuses %j', (text, message) => {
    expect(parseFilters(text)).toMatch(message);
  });

  it('formatFilters is its inverse', () => {
    const text = 'page==/a\\;b|/c;country!=DE;source==';
    const parsed = parseFilters(text);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(formatFilters(parsed)).toBe(text);
    expect(parseFilters(formatFilters(parsed))).toEqual(parsed);
  });
});
