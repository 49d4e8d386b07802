// @vitest-environment happy-dom
import { describe, expect, it, type Mock, vi } from 'vitest';
import { beacon, candor, clickOn, link, load, setHidden } from './test-page.ts';

function stubFetch(impl: () => Promise<Response>) {
  const fetch = vi.fn(impl);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
const ok = () => Promise.resolve(new Response(null, { status: 202 }));

describe('the transport', () => {
  it('is sendBeacon with a text/plain body (no preflight), and no fetch when it accepts', async () => {
    const fetch = stubFetch(ok);
    await load();
    const [url, body] = beacon.mock.calls[0] ?? [];
    expect(url).toBe('/api/event');
    // A string body is sent as text/plain;charset=UTF-8.
    expect(typeof body).toBe('string');
    expect(JSON.parse(String(body)).n).toBe('pageview');
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['missing', 'missing'],
    ['refusing (returns false)', false],
  ] as const)('falls back to a keepalive POST fetch when sendBeacon is %s', async (_, mode) => {
    const fetch = stubFetch(ok);
    await load({ beacon: mode, attrs: { 'data-api': '/e' } });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/e');
    expect(init).toMatchObject({ method: 'POST', keepalive: true });
    expect(JSON.parse(String(init.body))).toEqual({ n: 'pageview', u: location.href });
    // What fetch will send as the content type for this body: text/plain, so no preflight.
    expect(new Request('https://x.example/', { method: 'POST', body: init.body }).headers.get('content-type')).toMatch(
      /^text\/plain/,
    );
  });
});

describe('never throwing into the page', () => {
  const everything = () => {
    history.pushState({}, '', '/next');
    window.dispatchEvent(new PopStateEvent('popstate'));
    // The page's own handler keeps happy-dom from following the link.
    document.addEventListener('click', (e) => e.preventDefault(), { once: true });
    clickOn(link('https://github.com/'));
    candor()?.('Signup', { props: { plan: 'pro' } });
    setHidden(true);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
  };

  it.each([
    ['sendBeacon throws', 'throws', () => Promise.resolve(new Response(null))],
    [
      'sendBeacon is missing and fetch throws',
      'missing',
      () => {
        throw new TypeError('fetch is blocked');
      },
    ],
  ] as const)('%s: loading, navigating, clicking and leaving all go on', async (_, mode, impl) => {
    stubFetch(impl);
    await expect(load({ beacon: mode })).resolves.toBeUndefined();
    expect(everything).not.toThrow();
    expect(location.pathname).toBe('/next');
  });

  it('a failed fetch (offline, blocked) is caught: no unhandled rejection reaches the page', async () => {
    const handled: Mock[] = [];
    stubFetch(() => {
      const failed = Promise.reject(new TypeError('Failed to fetch'));
      handled.push(vi.spyOn(failed, 'catch'));
      return failed;
    });
    await load({ beacon: false });
    expect(everything).not.toThrow();
    expect(handled.length).toBeGreaterThan(1);
    for (const spy of handled) expect(spy).toHaveBeenCalledTimes(1);
  });

  it('does nothing, and throws nothing, without its script tag (loaded as a module)', async () => {
    await load();
    const before = beacon.mock.calls.length;
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => null });
    vi.resetModules();
    await expect(import('./tracker.ts')).resolves.toBeDefined();
    expect(beacon.mock.calls.length).toBe(before);
  });
});
