import { describe, expect, it } from 'vitest';
import { normalizePath, PATH_MAX_LENGTH } from './path.ts';

const path = (href: string, keep: readonly string[] = []) => normalizePath(new URL(href), keep);

describe('normalizePath', () => {
  it.each([
    ['https://candor.example', '/'],
    ['https://candor.example/', '/'],
    ['https://candor.example/pricing', '/pricing'],
    ['https://candor.example/blog/', '/blog'],
    ['https://candor.example/blog///', '/blog'],
    ['https://candor.example/Blog/Post', '/Blog/Post'],
    ['https://candor.example/docs/#install', '/docs'],
    ['https://candor.example/a/./b/../c', '/a/c'],
    ['https://candor.example//double//slash', '//double//slash'],
  ])('stores %s as %s', (href, expected) => {
    expect(path(href)).toBe(expected);
  });

  it.each([
    ['personal data', 'https://candor.example/signup?email=ann%40example.com&token=abc', '/signup'],
    ['a search term', 'https://candor.example/search?q=my+diagnosis', '/search'],
    ['only a ?', 'https://candor.example/pricing?', '/pricing'],
  ])('drops the query string with %s', (_, href, expected) => {
    expect(path(href)).toBe(expected);
  });

  it.each([
    ['/pricing?utm_source=x', '/pricing'],
    ['/?utm_source=newsletter&utm_medium=email&utm_campaign=nov&utm_term=t&utm_content=c', '/'],
    ['/features/?utm_id=7#tour', '/features'],
  ])('stores %s without its utm_* parameters, which have columns of their own', (query, expected) => {
    expect(path(`https://candor.example${query}`)).toBe(expected);
  });

  it('keeps the configured parameters, sorted by name, and drops utm_* and the rest', () => {
    const href = 'https://candor.example/pricing/?utm_source=hn&plan=pro&email=a%40b.c&utm_campaign=launch&a=1#faq';
    expect(path(href, ['plan', 'a'])).toBe('/pricing?a=1&plan=pro');
  });

  it('drops utm_* parameters even when keepQueryParams names them', () => {
    expect(path('https://candor.example/pricing?utm_source=hn&plan=pro', ['utm_source', 'plan'])).toBe(
      '/pricing?plan=pro',
    );
  });

  it('keeps repeated parameters in the order sent', () => {
    expect(path('https://candor.example/?tag=b&tag=a', ['tag'])).toBe('/?tag=b&tag=a');
  });

  it('drops kept parameters whose value is empty', () => {
    expect(path('https://candor.example/?plan=&tag=', ['plan', 'tag'])).toBe('/');
  });

  it.each([
    ['space as %20', '?plan=pro%20max', '?plan=pro+max'],
    ['space as +', '?plan=pro+max', '?plan=pro+max'],
    ['lower-case escapes', '?plan=caf%c3%a9', '?plan=caf%C3%A9'],
    ['a raw ampersand in a value', '?plan=a%26b', '?plan=a%26b'],
  ])('re-encodes kept values the same way whatever the spelling: %s', (_, query, expected) => {
    expect(path(`https://candor.example/p${query}`, ['plan'])).toBe(`/p${expected}`);
  });

  it.each([
    ['non-ASCII, as the browser encodes it', 'https://candor.example/café', '/caf%C3%A9'],
    ['lower-case hex', 'https://candor.example/caf%c3%a9', '/caf%C3%A9'],
    ['encoded letters, digits and ~', 'https://candor.example/%7Euser/%41%62%31', '/~user/Ab1'],
    ['an encoded slash (kept: not a separator)', 'https://candor.example/a%2fb', '/a%2Fb'],
    ['an encoded dot (kept: could form ..)', 'https://candor.example/a%2Eb', '/a%2Eb'],
    ['an encoded space', 'https://candor.example/a%20b', '/a%20b'],
    ['a stray %', 'https://candor.example/100%', '/100%25'],
    ['a stray % before hex', 'https://candor.example/%%41B', '/%25AB'],
  ])('normalises percent-encoding without creating ambiguity: %s', (_, href, expected) => {
    expect(path(href)).toBe(expected);
  });

  it('caps the path at 1024 characters', () => {
    expect(path(`https://candor.example/${'a'.repeat(2000)}`)).toHaveLength(PATH_MAX_LENGTH);
  });

  it('never leaves half an escape at the cap', () => {
    const stored = path(`https://candor.example/${'a'.repeat(PATH_MAX_LENGTH - 3)}é`);
    expect(stored).toBe(`/${'a'.repeat(PATH_MAX_LENGTH - 3)}`);
  });

  it('gives / for a URL with an opaque path', () => {
    expect(path('mailto:ann@example.com')).toBe('/');
  });
});

describe('an email address in the page URL', () => {
  it.each([
    ['https://x.com/unsubscribe/ann@example.com', '/unsubscribe/_email_'],
    ['https://x.com/u/ann.example%40example.co.uk/done', '/u/_email_/done'],
    ['https://x.com/@tidewater', '/@tidewater'],
  ])('%s is stored as %s', (href, path) => {
    expect(normalizePath(new URL(href), [])).toBe(path);
  });

  it('drops a kept parameter whose value is an address, and keeps the others', () => {
    expect(normalizePath(new URL('https://x.com/search?q=ann%40example.com&page=2'), ['q', 'page'])).toBe(
      '/search?page=2',
    );
  });
});
