// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_ID } from '../config.ts';
import { demoConfig } from '../test-fixtures.ts';
import type { PageConfig } from '../types.ts';
import { load, pickLoaderLocale } from './loader.ts';
import type { LoaderSettings } from './settings.ts';

const settings: LoaderSettings = {
  version: 'abc123',
  locales: ['en', 'de', 'fr'],
  sites: ['demo', 'shop'],
  defaults: { ad_storage: 'denied', analytics_storage: 'denied', security_storage: 'granted' },
  tracker: { downloads: 'pdf,zip', local: '', 'respect-gpc': '' },
};
const GW = 'https://gw.example';
const bannerJson = (): PageConfig => {
  const { styles: _, ...config } = demoConfig({ endpoint: `${GW}/api/consent` });
  return config;
};

type FetchAnswer = () => Promise<Partial<Response>>;
let fetchMock: ReturnType<typeof vi.fn>;
function answer(fn: FetchAnswer = async () => ({ ok: true, json: async () => bannerJson() })) {
  fetchMock = vi.fn(fn);
  vi.stubGlobal('fetch', fetchMock);
}

/** A page with `lang`, as if the loader's own tag (src, data-*) were running now. */
function include(attrs: Record<string, string> = {}, src = `${GW}/candor.js`): HTMLScriptElement {
  const tag = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) tag.setAttribute(k, v);
  // Only the attribute: a src property would make happy-dom try to fetch the loader itself.
  Object.defineProperty(tag, 'src', { value: src });
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => tag });
  return tag;
}

/** What the loader added to <head>, kept out of the document so happy-dom loads none of it. */
let added: Element[] = [];
const scripts = () => added.filter((e): e is HTMLScriptElement => e instanceof HTMLScriptElement);
const srcs = () => scripts().map((s) => s.getAttribute('src'));
const bannerScripts = () => srcs().filter((s) => s?.includes('/consent'));
const configEl = () => added.find((e) => e.id === CONFIG_ID);
/** Lets the fetch chain run to its end. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

beforeEach(() => {
  document.documentElement.lang = 'en';
  added = [];
  vi.spyOn(document.head, 'append').mockImplementation((...nodes) => {
    for (const n of nodes) if (n instanceof Element) added.push(n);
  });
  answer();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  delete window.__candorLoader;
  delete window.dataLayer;
  delete window.gtag;
});

describe('the loader', () => {
  it('puts Consent Mode defaults in place synchronously, before the banner config is fetched', () => {
    include();
    const layerAtAppend: number[] = [];
    vi.mocked(document.head.append).mockImplementation((...nodes) => {
      layerAtAppend.push(window.dataLayer?.length ?? 0);
      for (const n of nodes) if (n instanceof Element) added.push(n);
    });
    answer(async () => {
      expect(window.dataLayer).toHaveLength(1);
      return { ok: true, json: async () => bannerJson() };
    });
    load(settings);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const first = window.dataLayer?.[0] as IArguments;
    expect([...first]).toEqual([
      'consent',
      'default',
      { ad_storage: 'denied', analytics_storage: 'denied', security_storage: 'granted', wait_for_update: 500 },
    ]);
    // An arguments object, as Google's own snippet queues it, not an array.
    expect(Array.isArray(first)).toBe(false);
    expect(bannerScripts()).toEqual([]);
    // The defaults went first, before the loader added any script (the tracker).
    expect(layerAtAppend).toEqual([1]);
  });

  it('keeps a dataLayer and a gtag the page already has', () => {
    include();
    const layer = ['earlier'];
    const gtag = vi.fn();
    window.dataLayer = layer;
    window.gtag = gtag;
    load(settings);
    expect(window.dataLayer).toBe(layer);
    expect(window.gtag).toBe(gtag);
    expect(gtag).toHaveBeenCalledWith('consent', 'default', expect.objectContaining({ wait_for_update: 500 }));
  });

  it('takes every URL from its own src, never from the page location', async () => {
    include({}, `${GW}/candor.js?x=1`);
    load(settings);
    await settle();
    expect(fetchMock).toHaveBeenCalledWith(`${GW}/api/banner?site=demo&locale=en`, { credentials: 'omit' });
    expect(srcs()).toEqual([`${GW}/_candor/abc123/tracker.js`, null, `${GW}/_candor/abc123/consent.js`]);
    expect(JSON.parse(configEl()?.textContent ?? '').styles).toBe(`${GW}/_candor/abc123/consent.css`);
  });

  it('adds the tracker with an absolute data-api and the configured attributes', () => {
    include();
    load(settings);
    const tracker = scripts()[0];
    expect(tracker?.getAttribute('data-api')).toBe(`${GW}/api/event`);
    expect(tracker?.getAttribute('data-downloads')).toBe('pdf,zip');
    expect(tracker?.hasAttribute('data-local')).toBe(true);
    expect(tracker?.hasAttribute('data-respect-gpc')).toBe(true);
    expect(tracker?.hasAttribute('data-respect-dnt')).toBe(false);
    expect(tracker?.async).toBe(false);
  });

  it('writes the banner config as JSON text, then the banner script after it', async () => {
    include();
    const config = bannerJson();
    config.categories[0] = { ...config.categories[0], title: '</script><img src=x onerror=alert(1)>' } as never;
    answer(async () => ({ ok: true, json: async () => config }));
    load(settings);
    await settle();
    const el = configEl();
    expect(el?.getAttribute('type')).toBe('application/json');
    expect(JSON.parse(el?.textContent ?? '')).toEqual({ ...config, styles: `${GW}/_candor/abc123/consent.css` });
    const banner = scripts().at(-1);
    expect(banner?.getAttribute('src')).toBe(`${GW}/_candor/abc123/consent.js`);
    expect(banner?.async).toBe(false);
  });

  it.each([
    ['de-AT', undefined, 'de', 'consent.de.js'],
    ['DE', 'fr', 'de', 'consent.de.js'],
    ['ja', 'fr', 'fr', 'consent.fr.js'],
    ['ja', undefined, 'en', 'consent.js'],
    ['ja', 'xx', 'en', 'consent.js'],
    ['', 'de', 'de', 'consent.de.js'],
  ])('with <html lang="%s"> and data-locale %s it picks %s', async (lang, requested, locale, file) => {
    document.documentElement.lang = lang;
    include(requested ? { 'data-locale': requested } : {});
    load(settings);
    await settle();
    expect(fetchMock).toHaveBeenCalledWith(`${GW}/api/banner?site=demo&locale=${locale}`, { credentials: 'omit' });
    expect(bannerScripts()).toEqual([`${GW}/_candor/abc123/${file}`]);
  });

  it('falls back to the first locale when neither the page nor the tag names one the config has', () => {
    expect(pickLoaderLocale(['fr', 'de'], 'en-GB', 'es')).toBe('fr');
  });

  it.each([
    [{ 'data-site': 'shop' }, 'shop'],
    [{}, 'demo'],
  ])('data-site %o asks for the banner of site %s', (attrs, site) => {
    include(attrs);
    load(settings);
    expect(fetchMock).toHaveBeenCalledWith(`${GW}/api/banner?site=${site}&locale=en`, { credentials: 'omit' });
  });

  it('asks for no banner for a site the config does not have', async () => {
    include({ 'data-site': 'elsewhere' });
    load(settings);
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(configEl()).toBeUndefined();
  });

  it('does nothing the second time it is included: one fetch, one tracker, one banner', async () => {
    include();
    load(settings);
    include();
    load(settings);
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(window.dataLayer).toHaveLength(1);
    expect(srcs().filter((s) => s?.endsWith('tracker.js'))).toHaveLength(1);
    expect(bannerScripts()).toHaveLength(1);
    expect(added.filter((e) => e.id === CONFIG_ID)).toHaveLength(1);
  });

  it('leaves a page that embeds the banner config itself to its own banner', async () => {
    const own = document.createElement('script');
    own.type = 'application/json';
    own.id = CONFIG_ID;
    document.body.append(own);
    include();
    load(settings);
    await settle();
    own.remove();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(bannerScripts()).toEqual([]);
  });

  it.each<[string, FetchAnswer]>([
    ['the fetch fails', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['the answer is not JSON', async () => new Response('<html>oops</html>', { status: 200 })],
    ['the answer is a 400 problem', async () => ({ ok: false, json: async () => ({ title: 'Bad request' }) })],
    ['the JSON is not a config', async () => ({ ok: true, json: async () => 'a string' })],
  ])('adds no banner and throws nothing when %s', async (_, fn) => {
    include();
    answer(fn);
    expect(() => load(settings)).not.toThrow();
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(configEl()).toBeUndefined();
    expect(bannerScripts()).toEqual([]);
  });

  it('throws nothing without fetch, and still sets the defaults', () => {
    include();
    vi.stubGlobal('fetch', undefined);
    expect(() => load(settings)).not.toThrow();
    expect(window.dataLayer).toHaveLength(1);
  });

  it('sets the defaults but loads nothing when it cannot tell its own origin (no currentScript)', () => {
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => null });
    expect(() => load(settings)).not.toThrow();
    expect(window.dataLayer).toHaveLength(1);
    expect(scripts()).toEqual([]);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
