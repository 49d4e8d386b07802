// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { load, named, sent, setHidden, wait } from './test-page.ts';

const hide = {
  visibilitychange: () => setHidden(true),
  pagehide: () => window.dispatchEvent(new PageTransitionEvent('pagehide')),
};

describe('engaged time', () => {
  it.each(Object.entries(hide))('goes once, on %s, with the visible milliseconds', async (_, end) => {
    await load({ url: 'https://www.example.com/blog/post?ref=x#intro' });
    wait(12_345);
    end();
    end();
    expect(named('engagement')).toEqual([{ n: 'engagement', u: 'https://www.example.com/blog/post?ref=x', e: 12_345 }]);
  });

  it('goes once when the page hides and then unloads', async () => {
    await load();
    wait(5_000);
    setHidden(true);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(named('engagement').map((b) => b.e)).toEqual([5_000]);
  });

  it('counts only visible time: a tab opened in the background starts counting when shown', async () => {
    await load({ hidden: true });
    wait(60_000); // in the background
    setHidden(false);
    wait(7_000);
    setHidden(true);
    expect(named('engagement').map((b) => b.e)).toEqual([7_000]);
  });

  it('is 0 for a view that was never visible', async () => {
    await load({ hidden: true });
    wait(30_000);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(named('engagement').map((b) => b.e)).toEqual([0]);
  });

  it('is not sent again when the tab comes back and hides again (once per view)', async () => {
    await load();
    wait(1_000);
    setHidden(true);
    setHidden(false);
    wait(9_000);
    setHidden(true);
    expect(named('engagement').map((b) => b.e)).toEqual([1_000]);
  });

  it('of the previous view goes before the pageview of an SPA navigation, with its URL', async () => {
    await load({ url: 'https://www.example.com/pricing' });
    wait(4_000);
    history.pushState({}, '', '/docs');
    wait(2_500);
    setHidden(true);
    expect(sent().map((b) => [b.n, b.u, b.e])).toEqual([
      ['pageview', 'https://www.example.com/pricing', undefined],
      ['engagement', 'https://www.example.com/pricing', 4_000],
      ['pageview', 'https://www.example.com/docs', undefined],
      ['engagement', 'https://www.example.com/docs', 2_500],
    ]);
  });

  it('restarts for an SPA view that begins while the tab is hidden', async () => {
    await load();
    wait(1_000);
    setHidden(true);
    history.pushState({}, '', '/docs'); // e.g. a timer-driven redirect in a background tab
    wait(10_000);
    setHidden(false);
    wait(3_000);
    setHidden(true);
    expect(named('engagement').map((b) => [new URL(b.u).pathname, b.e])).toEqual([
      ['/pricing', 1_000],
      ['/docs', 3_000],
    ]);
  });

  it('is not sent before the first hide', async () => {
    await load();
    wait(60_000);
    expect(named('engagement')).toEqual([]);
  });
});
