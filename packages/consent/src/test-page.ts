// DOM helpers for the unit tests: a page that embeds the banner config, a started banner whose
// document listeners are removed again before the next page, and ways to read what it did.
import Cookies from 'js-cookie';
import { vi } from 'vitest';
import { CONFIG_ID } from './config.ts';
import { encode } from './cookie.ts';
import { start } from './start.ts';
import { demoConfig } from './test-fixtures.ts';
import type { PageConfig, Stored } from './types.ts';

export function setCookie(value: Stored | string, name = 'candor_consent'): void {
  Cookies.set(name, typeof value === 'string' ? value : encode(value));
}

/** Removes every cookie the page can see, on the host and on `domains`. */
export function clearCookies(...domains: string[]): void {
  for (const name of Object.keys(Cookies.get())) {
    for (const domain of [undefined, ...domains]) Cookies.remove(name, { domain });
  }
}

/** The choice cookie's decoded value, or undefined. */
export function consentCookie(): Stored | undefined {
  const raw = document.cookie
    .split('; ')
    .find((c) => c.startsWith('candor_consent='))
    ?.slice('candor_consent='.length);
  return raw ? JSON.parse(decodeURIComponent(raw)) : undefined;
}

/** Records sent with sendBeacon, parsed. */
export async function beacons(spy: { mock: { calls: unknown[][] } }): Promise<Record<string, unknown>[]> {
  return Promise.all(spy.mock.calls.map(async ([, blob]) => JSON.parse(await (blob as Blob).text())));
}

export interface Page {
  lang?: string;
  config?: PageConfig | string | null;
  body?: string;
}

const listeners: [string, EventListenerOrEventListenerObject][] = [];
const addListener = document.addEventListener.bind(document);

/** Resets the document to a page that embeds `config`, and forgets earlier banners' listeners. */
export function page({ lang = 'en', config = demoConfig(), body = '' }: Page = {}): void {
  for (const [type, fn] of listeners.splice(0)) document.removeEventListener(type, fn);
  document.documentElement.lang = lang;
  document.head.innerHTML = '';
  const json = config === null ? '' : typeof config === 'string' ? config : JSON.stringify(config);
  document.body.innerHTML = `<main><button id="before">before</button>${body}</main>`;
  if (config !== null) {
    const el = document.createElement('script');
    el.type = 'application/json';
    el.id = CONFIG_ID;
    el.textContent = json;
    document.head.append(el);
  }
  delete window.candor;
  delete window.gtag;
  delete window.dataLayer;
}

/** Records sent with sendBeacon are captured here instead of leaving the test. */
export function mockBeacon() {
  return vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true);
}

export function setGpc(on: boolean | undefined): void {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: on, configurable: true });
}

// No network in unit tests: disabled stylesheet and script loads count as loaded.
export const happyDOM = (window as unknown as { happyDOM: { settings: object; setURL(url: string): void } }).happyDOM;
if (happyDOM) {
  Object.assign(happyDOM.settings, {
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    handleDisabledFileLoadingAsSuccess: true,
  });
}

/** Starts the banner like the page would and lets its stylesheet "load". */
export async function boot(): Promise<void> {
  const spy = vi.spyOn(document, 'addEventListener').mockImplementation((type, fn, options) => {
    if (fn) listeners.push([type, fn]);
    addListener(type, fn, options);
  });
  start();
  spy.mockRestore();
  document.head.querySelector('link[rel=stylesheet]')?.dispatchEvent(new Event('load'));
  await flush();
}

/** Lets promise callbacks (the stylesheet gate) run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

export const banner = () => document.getElementById('candor-consent');
export const dialog = () => document.getElementById('candor-preferences') as HTMLDialogElement | null;

/** The button (or link) inside `root` whose accessible text is `name`. */
export function byName(root: ParentNode | null, name: string): HTMLElement {
  const el = [...(root?.querySelectorAll<HTMLElement>('button,a') ?? [])].find(
    (e) => (e.getAttribute('aria-label') ?? e.textContent?.trim()) === name,
  );
  if (!el) throw new Error(`no button or link named "${name}"`);
  return el;
}

/** The checkbox whose label reads `name`. */
export function checkbox(name: string): HTMLInputElement {
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === name);
  const input = label?.querySelector('input');
  if (!input) throw new Error(`no checkbox labelled "${name}"`);
  return input;
}
