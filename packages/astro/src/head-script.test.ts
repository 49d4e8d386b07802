// @vitest-environment happy-dom
// The inline head script, run in a DOM: what a page gets before and after it is parsed.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CandorConfig } from '@candor/config';
import { loadConfigFile } from '@candor/config/node';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_ELEMENT_ID, headScript } from './head-script.ts';
import { consentDefaults, gatewayInput, pageConfig, sameOriginInput } from './page.ts';

declare global {
  interface Window {
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}

let demo: CandorConfig;
beforeAll(async () => {
  // Not `new URL(…, import.meta.url)`: under happy-dom, URL is the DOM's and resolves against the page.
  demo = await loadConfigFile(resolve(dirname(fileURLToPath(import.meta.url)), '../../../candor.config.ts'));
});

/** What the script appended to <head>, kept out of the document so happy-dom fetches none of it. */
let added: HTMLElement[] = [];
const scripts = () =>
  added.filter((e): e is HTMLScriptElement => e instanceof HTMLScriptElement && e.type !== 'application/json');
const run = (script: string) => new Function(script)();
let readyState: DocumentReadyState = 'complete';
/** DOMContentLoaded listeners, held here so none outlives its test. */
let onParsed: (() => void)[] = [];
const parse = () => {
  for (const listener of onParsed) listener();
};

beforeEach(() => {
  added = [];
  readyState = 'complete';
  onParsed = [];
  vi.spyOn(document, 'addEventListener').mockImplementation((type, listener) => {
    if (type === 'DOMContentLoaded' && typeof listener === 'function') onParsed.push(() => listener(new Event(type)));
  });
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => readyState });
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T) => {
    if (node instanceof HTMLElement) added.push(node);
    return node;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete window.dataLayer;
  delete window.gtag;
});

const ALL_DENIED = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
};

describe('the head script', () => {
  it('without a config, denies every Consent Mode signal but security_storage, synchronously', () => {
    readyState = 'loading';
    run(headScript(gatewayInput(null, 'https://gw.example', undefined)));
    const first = window.dataLayer?.[0] as IArguments;
    // An arguments object, as Google's own snippet queues it.
    expect(Array.isArray(first)).toBe(false);
    expect([...first]).toEqual(['consent', 'default', { ...ALL_DENIED, wait_for_update: 500 }]);
    expect(added).toEqual([]);
  });

  it("takes the defaults from the config's googleConsentMode: granted only where `necessary` grants", () => {
    const config = structuredClone(demo);
    config.consent.googleConsentMode = { analytics_storage: 'necessary', ad_storage: 'marketing' };
    expect(consentDefaults(config)).toEqual({ ad_storage: 'denied', analytics_storage: 'granted' });
  });

  it('keeps a dataLayer and a gtag the page already has', () => {
    const layer = ['earlier'];
    const gtag = vi.fn();
    window.dataLayer = layer;
    window.gtag = gtag;
    run(headScript(gatewayInput(null, 'https://gw.example', undefined)));
    expect(window.dataLayer).toBe(layer);
    expect(window.gtag).toBe(gtag);
    expect(gtag).toHaveBeenCalledWith('consent', 'default', { ...ALL_DENIED, wait_for_update: 500 });
  });

  it('gateway mode: adds <gateway>/candor.js with data-site once the document is parsed', () => {
    readyState = 'loading';
    run(headScript(gatewayInput(null, 'https://gw.example', 'shop')));
    expect(scripts()).toEqual([]);
    parse();
    const [loader, ...rest] = scripts();
    expect(rest).toEqual([]);
    expect(loader?.getAttribute('src')).toBe('https://gw.example/candor.js');
    expect(loader?.getAttribute('data-site')).toBe('shop');
    expect(loader?.async).toBe(false);
    expect(document.getElementById(CONFIG_ELEMENT_ID)).toBeNull();
  });

  it('gateway mode without a site: no data-site, and added at once on a parsed document', () => {
    run(headScript(gatewayInput(null, 'https://gw.example', undefined)));
    expect(scripts().map((s) => [s.getAttribute('src'), s.hasAttribute('data-site')])).toEqual([
      ['https://gw.example/candor.js', false],
    ]);
  });

  it('same origin: the banner config as JSON at once, then the banner and the tracker after parsing', async () => {
    readyState = 'loading';
    run(headScript(await sameOriginInput(demo, '/_candor/v1/')));
    const json = added.find((e) => e.id === CONFIG_ELEMENT_ID);
    expect(json?.getAttribute('type')).toBe('application/json');
    const expected = await pageConfig(demo, {
      styles: '/_candor/v1/consent.css',
      preferences: '/_candor/v1/preferences.js',
    });
    expect(JSON.parse(json?.textContent ?? '')).toEqual(expected);
    expect(expected.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(scripts()).toEqual([]);

    parse();
    const [banner, tracker] = scripts();
    expect(banner?.getAttribute('src')).toBe('/_candor/v1/consent.js');
    expect(banner?.async).toBe(false);
    expect(tracker?.getAttribute('src')).toBe('/_candor/v1/tracker.js');
    expect(tracker?.async).toBe(false);
    expect(tracker?.getAttribute('data-api')).toBe('/api/event');
    expect(tracker?.getAttribute('data-downloads')).toBe(demo.analytics.downloadExtensions.join(','));
  });

  it.each([
    [
      { respectGpc: true, respectDnt: false, local: true },
      { 'data-local': true, 'data-respect-gpc': true, 'data-respect-dnt': false },
    ],
    [
      { respectGpc: false, respectDnt: true, local: false },
      { 'data-local': false, 'data-respect-gpc': false, 'data-respect-dnt': true },
    ],
  ])('the tracker flags follow the config (%o)', async ({ respectGpc, respectDnt, local }, flags) => {
    const config = structuredClone(demo);
    config.analytics = { ...config.analytics, respectGpc, respectDnt };
    config.sites = config.sites.map((s) => ({ ...s, hostnames: local ? ['localhost'] : ['www.example.com'] }));
    run(headScript(await sameOriginInput(config, '/_candor/v1/')));
    const tracker = scripts()[1];
    for (const [name, present] of Object.entries(flags))
      expect([name, tracker?.hasAttribute(name)]).toEqual([name, present]);
  });

  it('uses the banner build of the first locale', async () => {
    const config = { ...structuredClone(demo), locales: ['de', 'en'] } satisfies CandorConfig;
    run(headScript(await sameOriginInput(config, '/_candor/v1/')));
    expect(scripts()[0]?.getAttribute('src')).toBe('/_candor/v1/consent.de.js');
  });

  it('a config text cannot close the <script> element, and reaches the banner unchanged', async () => {
    const config = structuredClone(demo);
    const title = '</script><img src=x onerror=alert(1)>\u2028';
    config.consent.categories.analytics.title = title;
    const script = headScript(await sameOriginInput(config, '/_candor/v1/'));
    expect(script).not.toContain('<');
    run(script);
    const json = JSON.parse(added.find((e) => e.id === CONFIG_ELEMENT_ID)?.textContent ?? '');
    expect(json.categories.find((c: { id: string }) => c.id === 'analytics').title).toBe(title);
  });

  it('is the same text for the same config: one CSP hash for every page', async () => {
    expect(headScript(await sameOriginInput(demo, '/_candor/v1/'))).toBe(
      headScript(await sameOriginInput(demo, '/_candor/v1/')),
    );
  });
});
