// @vitest-environment happy-dom
import Cookies from 'js-cookie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consentSignals } from './consent-mode.ts';
import { start } from './start.ts';
import { ALL_IDS, demoConfig, stored } from './test-fixtures.ts';
import {
  banner,
  beacons,
  boot,
  byName,
  clearCookies,
  consentCookie,
  dialog,
  flush,
  happyDOM,
  mockBeacon,
  page,
  setCookie,
  setGpc,
} from './test-page.ts';
import type { ConsentState } from './types.ts';

const config = demoConfig();
const api = () => {
  const consent = window.candor?.consent;
  if (!consent) throw new Error('no window.candor.consent');
  return consent;
};
/** Every `gtag('consent', 'update', …)` the banner made. */
const updates = () =>
  (window.dataLayer ?? [])
    .map((args) => [...(args as IArguments)])
    .filter(([cmd, kind]) => cmd === 'consent' && kind === 'update');

let beacon: ReturnType<typeof mockBeacon>;
let reload: ReturnType<typeof vi.fn<() => void>>;
beforeEach(() => {
  beacon = mockBeacon();
  reload = vi.fn<() => void>();
  vi.spyOn(location, 'reload').mockImplementation(reload);
  clearCookies();
  setGpc(undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('a choice', () => {
  it.each([
    [
      'Accept all',
      'accept_all',
      ['necessary', 'candor', 'preferences', 'analytics', 'ga4', 'marketing', 'hubspot'],
      [],
    ],
    ['Reject all', 'reject_all', ['necessary', 'candor'], ['preferences', 'analytics', 'ga4', 'marketing', 'hubspot']],
  ])('"%s" sends one %s record naming every category and service', async (button, action, granted, denied) => {
    page();
    await boot();
    byName(banner(), button).click();
    expect(beacon).toHaveBeenCalledTimes(1);
    const [endpoint, blob] = beacon.mock.calls[0] ?? [];
    expect(endpoint).toBe('/api/consent');
    expect((blob as Blob).type).toMatch(/^text\/plain/);
    const [record] = await beacons(beacon);
    expect(record).toEqual({
      id: consentCookie()?.id,
      action,
      granted,
      denied,
      revision: '2026-11-01',
      configHash: 'a'.repeat(64),
      locale: 'en',
      gpc: false,
      path: '/',
    });
    expect([...granted, ...denied].sort()).toEqual([...ALL_IDS].sort());
  });

  it('writes the cookie with a random v4 consent id, the revision and the time', async () => {
    page();
    await boot();
    byName(banner(), 'Accept all').click();
    expect(consentCookie()).toEqual({
      v: 1,
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      r: '2026-11-01',
      c: ['necessary', 'preferences', 'analytics', 'marketing'],
      s: ['candor', 'ga4', 'hubspot'],
      t: expect.closeTo(Date.now() / 1000, -1),
      g: 0,
      x: 1,
    });
  });

  it('sends the locale of the banner and the path without its query', async () => {
    happyDOM.setURL('http://localhost:3000/de/preise?utm_source=x#top');
    page({ lang: 'de-DE' });
    await boot();
    byName(banner(), 'Alle ablehnen').click();
    expect((await beacons(beacon))[0]).toMatchObject({ locale: 'de', path: '/de/preise' });
    happyDOM.setURL('http://localhost:3000/');
  });

  it('falls back to fetch with keepalive when sendBeacon is unavailable', async () => {
    beacon.mockRestore();
    const sendBeacon = navigator.sendBeacon;
    Object.defineProperty(navigator, 'sendBeacon', { value: undefined, configurable: true });
    const fetch = vi.spyOn(window, 'fetch').mockResolvedValue(new Response(null, { status: 201 }));
    page();
    await boot();
    byName(banner(), 'Reject all').click();
    Object.defineProperty(navigator, 'sendBeacon', { value: sendBeacon, configurable: true });
    expect(fetch).toHaveBeenCalledWith('/api/consent', {
      method: 'POST',
      body: expect.stringContaining('"action":"reject_all"'),
      keepalive: true,
      headers: { 'content-type': 'text/plain' },
    });
  });

  it('keeps one consent id across later choices, and reuses it after a re-prompt', async () => {
    page();
    setCookie(stored({ r: '2020-01-01', id: 'kept-id' }));
    await boot();
    byName(banner(), 'Accept all').click();
    api().set({ categories: ['analytics'] });
    api().set({});
    expect((await beacons(beacon)).map((r) => r.id)).toEqual(['kept-id', 'kept-id', 'kept-id']);
    expect(consentCookie()?.id).toBe('kept-id');
  });
});

describe('withdrawal', () => {
  const acceptedAll = stored({
    c: ['necessary', 'preferences', 'analytics', 'marketing'],
    s: ['candor', 'ga4', 'hubspot'],
  });
  const GA_SCRIPT = '<script type="text/plain" data-category="analytics" data-service="ga4">ga</script>';

  it.each([
    ['a category', { categories: ['preferences', 'marketing'] }, ['analytics', 'ga4']],
    ['one service', { categories: ['preferences', 'analytics', 'marketing'], services: ['hubspot'] }, ['ga4']],
  ])('of %s is recorded as withdraw', async (_, choice, withdrawn) => {
    page();
    setCookie(acceptedAll);
    await boot();
    api().set(choice);
    const [record] = await beacons(beacon);
    expect(record?.action).toBe('withdraw');
    expect(record?.denied).toEqual(withdrawn);
  });

  it('deletes the withdrawn service’s cookies and keeps the others', async () => {
    page();
    setCookie(acceptedAll);
    for (const name of ['_ga', '_ga_XYZ', '__hstc', 'hubspotutk', 'site_pref']) Cookies.set(name, '1');
    await boot();
    api().set({ categories: ['preferences', 'marketing'] });
    const names = document.cookie.split('; ').map((c) => c.split('=')[0]);
    expect(names.sort()).toEqual(['__hstc', 'candor_consent', 'hubspotutk', 'site_pref']);
  });

  it.each([
    ['a script of the withdrawn service ran on this page', GA_SCRIPT, { categories: ['marketing'] }, true],
    ['only scripts of still-granted consent ran', GA_SCRIPT, { categories: ['analytics'] }, false],
    ['no gated script ran', '', { categories: [] }, false],
  ])('reloads the page only if %s', async (_, body, choice, reloads) => {
    page({ body });
    setCookie(acceptedAll);
    await boot();
    api().set(choice);
    expect(reload).toHaveBeenCalledTimes(reloads ? 1 : 0);
  });

  it('does not reload for a script that never ran', async () => {
    page({ body: GA_SCRIPT });
    await boot();
    byName(banner(), 'Reject all').click();
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('Google Consent Mode', () => {
  it('is updated with every signal after a choice', async () => {
    page();
    await boot();
    expect(updates()).toEqual([]);
    api().set({ categories: ['analytics'] });
    expect(updates()).toEqual([['consent', 'update', consentSignals(config, ['necessary', 'analytics'])]]);
    expect(Object.keys(updates()[0]?.[2] ?? {})).toHaveLength(7);
  });

  it('is updated on a page load with a valid stored choice', async () => {
    page();
    setCookie(stored({ c: ['necessary', 'marketing'], s: ['candor', 'hubspot'] }));
    await boot();
    expect(updates()).toEqual([['consent', 'update', consentSignals(config, ['necessary', 'marketing'])]]);
  });

  it("uses the page's gtag when the default snippet defined one", async () => {
    page();
    const gtag = vi.fn();
    window.gtag = gtag;
    await boot();
    byName(banner(), 'Reject all').click();
    expect(gtag).toHaveBeenCalledWith(
      'consent',
      'update',
      expect.objectContaining({ security_storage: 'granted', ad_storage: 'denied' }),
    );
  });
});

describe('Global Privacy Control', () => {
  beforeEach(() => setGpc(true));

  it('denies marketing without asking: one gpc record, an x:0 cookie, and the banner still shows with a note', async () => {
    page();
    await boot();
    expect(consentCookie()).toMatchObject({ c: ['necessary'], s: ['candor'], g: 1, x: 0 });
    const records = await beacons(beacon);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'gpc', gpc: true, granted: ['necessary', 'candor'] });
    expect(records[0]?.denied).toContain('marketing');
    expect(banner()?.querySelector('.candor-note')?.textContent).toMatch(/Global Privacy Control/);
  });

  it('records the GPC default once per consent id', async () => {
    page();
    await boot();
    page();
    await boot();
    expect(beacon).toHaveBeenCalledTimes(1);
    expect(banner()).not.toBeNull();
  });

  it('"Accept all" grants everything but marketing, and the record says gpc', async () => {
    page();
    await boot();
    byName(banner(), 'Accept all').click();
    const [, record] = await beacons(beacon);
    expect(record).toMatchObject({ action: 'accept_all', gpc: true, denied: ['marketing', 'hubspot'] });
    expect(consentCookie()).toMatchObject({ c: ['necessary', 'preferences', 'analytics'], g: 1, x: 1 });
  });

  it('an explicit opt-in to marketing in the preference centre wins', async () => {
    page();
    await boot();
    byName(banner(), 'Customize').click();
    await flush();
    expect(dialog()?.querySelector('.candor-note')).not.toBeNull();
    const marketing = [...(dialog()?.querySelectorAll('input') ?? [])].find((i) => i.value === 'marketing');
    marketing?.click();
    byName(dialog(), 'Save choices').click();
    const [, record] = await beacons(beacon);
    expect(record).toMatchObject({
      action: 'custom',
      gpc: true,
      granted: ['necessary', 'candor', 'marketing', 'hubspot'],
    });
    page();
    await boot();
    expect(banner()).toBeNull();
    expect(beacon).toHaveBeenCalledTimes(2);
  });

  it('leaves an earlier explicit choice alone', async () => {
    page();
    setCookie(stored({ c: ['necessary', 'marketing'], s: ['candor', 'hubspot'] }));
    await boot();
    expect(beacon).not.toHaveBeenCalled();
    expect(banner()).toBeNull();
    expect(api().get()?.categories).toEqual(['necessary', 'marketing']);
  });
});

describe('the API and events', () => {
  it('get() is null without a choice and the state after one', async () => {
    page();
    await boot();
    expect(api().get()).toBeNull();
    api().set({ categories: ['analytics', 'bogus'], services: ['ga4', 'nope'] });
    const cookie = consentCookie();
    expect(api().get()).toEqual({
      id: cookie?.id,
      revision: '2026-11-01',
      categories: ['necessary', 'analytics'],
      services: ['candor', 'ga4'],
      timestamp: cookie?.t,
      gpc: false,
    });
    expect((await beacons(beacon))[0]?.action).toBe('custom');
  });

  it('set() applies the choice: consent mode, scripts, cookie', async () => {
    page({ body: '<script type="text/plain" data-category="preferences">p</script>' });
    await boot();
    api().set({ categories: ['preferences'] });
    expect(document.querySelector('script[data-category=preferences]')?.getAttribute('type')).toBeNull();
    expect(updates()).toHaveLength(1);
  });

  it('fires candor:consent on load with a valid choice and after every choice; candor:change only on a change', async () => {
    const seen: [string, ConsentState | null][] = [];
    const record = (e: Event) => seen.push([e.type, (e as CustomEvent<ConsentState | null>).detail]);
    document.addEventListener('candor:consent', record);
    document.addEventListener('candor:change', record);
    page();
    setCookie(stored());
    await boot();
    api().set({}); // the same as stored: no change
    api().set({ categories: ['analytics'] });
    document.removeEventListener('candor:consent', record);
    document.removeEventListener('candor:change', record);
    expect(seen.map(([type, detail]) => `${type}:${detail?.categories.join('+')}`)).toEqual([
      'candor:consent:necessary',
      'candor:consent:necessary',
      'candor:consent:necessary+analytics',
      'candor:change:necessary+analytics',
    ]);
  });

  it('onChange() subscribes to changes and returns an unsubscribe', async () => {
    page();
    await boot();
    const cb = vi.fn();
    const off = api().onChange(cb);
    api().set({ categories: ['marketing'] });
    off();
    api().set({ categories: ['analytics'] });
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb.mock.calls[0]?.[0]).toMatchObject({ categories: ['necessary', 'marketing'] });
  });

  it('a choice made before the stylesheet loaded keeps the banner away', async () => {
    page();
    start();
    api().set({ categories: ['analytics'] });
    document.head.querySelector('link')?.dispatchEvent(new Event('load'));
    await flush();
    expect(banner()).toBeNull();
  });

  it('show() brings the banner back after a choice', async () => {
    page();
    setCookie(stored());
    await boot();
    expect(banner()).toBeNull();
    api().show();
    await flush();
    expect(banner()).not.toBeNull();
  });

  it('keeps an existing window.candor (the tracker) and its queue', async () => {
    page();
    const tracker = Object.assign(() => {}, { q: [['pageview']] });
    window.candor = tracker;
    await boot();
    expect(window.candor).toBe(tracker);
    expect(window.candor.q).toEqual([['pageview']]);
    expect(typeof window.candor.consent?.get).toBe('function');
  });

  it('defines window.candor as the queueing stub when nothing else did', async () => {
    page();
    await boot();
    window.candor?.('event', 'signup');
    expect([...((window.candor?.q?.[0] as IArguments) ?? [])]).toEqual(['event', 'signup']);
  });
});

describe('never breaks the page', () => {
  it.each([
    ['no config element', null],
    ['invalid JSON', '{"revision":'],
    ['a config without categories', JSON.stringify({ ...config, categories: undefined })],
    ['a config that is a string', '"hello"'],
  ])('with %s it does nothing and throws nothing', async (_, json) => {
    page({ config: json });
    await expect(boot()).resolves.toBeUndefined();
    expect(banner()).toBeNull();
    expect(window.candor).toBeUndefined();
    expect(document.head.querySelector('link')).toBeNull();
  });

  it('API calls with nonsense throw nothing', async () => {
    page();
    await boot();
    expect(() => api().set(null as unknown as object)).not.toThrow();
    expect(() => api().set({ categories: 5 as unknown as string[] })).not.toThrow();
  });
});
