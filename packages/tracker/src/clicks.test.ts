// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { clickOn, link, load, sent } from './test-page.ts';

/** Events other than the pageview. */
const events = () => sent().filter((b) => b.n !== 'pageview');

describe('outbound links', () => {
  it.each([
    ['a left click', 0],
    ['a middle click', 1],
  ])('%s on a link to another host sends "Outbound Link: Click" with its URL', async (_, button) => {
    await load({ url: 'https://www.example.com/pricing' });
    clickOn(link('https://github.com/candor/candor?tab=readme').querySelector('span') as Element, button);
    expect(events()).toEqual([
      {
        n: 'Outbound Link: Click',
        u: 'https://www.example.com/pricing',
        p: { url: 'https://github.com/candor/candor?tab=readme' },
      },
    ]);
  });

  it.each([
    ['a same-host link', '/about'],
    ['an absolute same-host link', 'https://www.example.com/blog'],
    ['a mailto: link', 'mailto:sales@example.com'],
    ['a tel: link', 'tel:+4940123456'],
    ['an in-page anchor', '#pricing'],
  ])('%s sends nothing', async (_, href) => {
    await load();
    clickOn(link(href));
    expect(events()).toEqual([]);
  });

  it('a right click sends nothing', async () => {
    await load();
    clickOn(link('https://github.com/'), 2);
    expect(events()).toEqual([]);
  });

  it('a click outside any link sends nothing', async () => {
    await load();
    clickOn(document.body);
    expect(events()).toEqual([]);
  });

  it('does not prevent the navigation', async () => {
    await load();
    const e = clickOn(link('https://github.com/'));
    expect(e.defaultPrevented).toBe(false);
  });

  it('is seen even when a page handler stops the click from propagating', async () => {
    await load();
    const a = link('https://github.com/');
    a.addEventListener('click', (e) => e.stopPropagation());
    clickOn(a);
    expect(events().map((b) => b.n)).toEqual(['Outbound Link: Click']);
  });
});

describe('file downloads', () => {
  it.each([
    ['/files/report.pdf', 'https://www.example.com/files/report.pdf'],
    ['/files/Deck.PPTX?v=2', 'https://www.example.com/files/Deck.PPTX?v=2'],
    ['https://cdn.example.net/app.dmg', 'https://cdn.example.net/app.dmg'],
  ])('a link to %s sends "File Download" (and no outbound click)', async (href, url) => {
    await load();
    clickOn(link(href));
    expect(events().map((b) => [b.n, b.p])).toEqual([['File Download', { url }]]);
  });

  it.each([
    ['an extension not in the list', '/files/notes.txt'],
    ['an extension in the middle of the path', '/files/pdf.viewer/index.html'],
    ['a path that only ends in the extension name', '/downloads/pdf'],
  ])('%s sends nothing', async (_, href) => {
    await load();
    clickOn(link(href));
    expect(events()).toEqual([]);
  });

  it.each([
    ['csv, ics', '/cal/team.ics', true],
    ['csv, ics', '/report.pdf', false],
    ['.epub,.mobi', '/book.mobi', true],
  ])('data-downloads="%s": %s is a download: %s', async (list, href, counted) => {
    await load({ attrs: { 'data-downloads': list } });
    clickOn(link(href));
    expect(events().map((b) => b.n)).toEqual(counted ? ['File Download'] : []);
  });
});
