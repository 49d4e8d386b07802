// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { beacon, load, named, sent } from './test-page.ts';

describe('the pageview', () => {
  it('is sent once on load with the URL, the width and nothing else', async () => {
    await load({ url: 'https://www.example.com/pricing?plan=pro#faq' });
    expect(sent()).toEqual([{ n: 'pageview', u: 'https://www.example.com/pricing?plan=pro#faq' }]);
  });

  it('carries the referrer when there is one', async () => {
    await load({ referrer: 'https://news.example.org/item?id=1' });
    expect(named('pageview')[0]?.r).toBe('https://news.example.org/item?id=1');
  });

  it.each([
    [{ 'data-api': '/stats/e' }, '/stats/e'],
    [{ 'data-api': '' }, '/api/event'],
    [{}, '/api/event'],
  ])('with attributes %o goes to %s', async (attrs, api) => {
    await load({ attrs });
    expect(beacon.mock.calls.map(([url]) => url)).toEqual([api]);
  });
});

describe('SPA navigation', () => {
  it.each([
    ['pushState', () => history.pushState({}, '', '/docs')],
    ['replaceState', () => history.replaceState({}, '', '/docs')],
    ['a new query', () => history.pushState({}, '', '/pricing?plan=team')],
    [
      'popstate',
      () => {
        history.replaceState = Object.getPrototypeOf(history).replaceState; // move without the tracker seeing it
        history.replaceState({}, '', '/docs');
        window.dispatchEvent(new PopStateEvent('popstate'));
      },
    ],
  ])('%s to a new path sends a pageview of the new URL, without the referrer', async (_, go) => {
    await load({ referrer: 'https://search.example.net/' });
    go();
    const views = named('pageview');
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual({ n: 'pageview', u: location.href });
    expect(views[0]?.r).toBe('https://search.example.net/');
  });

  it.each([
    ['the same URL', () => history.pushState({ step: 2 }, '', location.href)],
    ['the state alone', () => history.replaceState({ step: 2 }, '')],
    ['a hash change', () => history.pushState({}, '', '#faq')],
    ['a popstate that did not change the path', () => window.dispatchEvent(new PopStateEvent('popstate'))],
  ])('%s sends no pageview', async (_, go) => {
    await load();
    go();
    expect(named('pageview')).toHaveLength(1);
  });

  it('keeps pushState working: the URL changes and its return value is the original one', async () => {
    await load();
    expect(history.pushState({}, '', '/a')).toBeUndefined();
    expect(location.pathname).toBe('/a');
  });

  it('lets pushState errors reach the caller, as without the tracker', async () => {
    await load();
    expect(() => history.pushState({}, '', 'https://other.example.org/')).toThrow();
    expect(named('pageview')).toHaveLength(1);
  });
});

describe('the 404 page', () => {
  it('sends the pageview and a 404 event with the path, when <meta name="candor:404"> is there', async () => {
    await load({ url: 'https://www.example.com/old-page?x=1', head: '<meta name="candor:404" content="">' });
    expect(sent().map((b) => [b.n, b.p])).toEqual([
      ['pageview', undefined],
      ['404', { path: '/old-page' }],
    ]);
  });

  it('sends no 404 event on other pages', async () => {
    await load({ head: '<meta name="description" content="Pricing">' });
    expect(named('404')).toEqual([]);
  });
});
