// Test helpers: a page that loads the tracker from a script tag, with sendBeacon captured, the
// clock and visibility under the test's control, and everything the tracker touched put back.
import { afterEach, type Mock, vi } from 'vitest';
import type { Candor } from './tracker.ts';

export interface Page {
  /** The page URL; a public host, so the localhost skip does not apply unless a test wants it. */
  url?: string;
  /** The script tag's attributes, e.g. `{ 'data-local': '' }`. */
  attrs?: Record<string, string>;
  /** Extra markup for <head>, e.g. the 404 meta tag. */
  head?: string;
  referrer?: string;
  hidden?: boolean;
  /** What sendBeacon returns; `'missing'` removes it, `'throws'` makes it throw. */
  beacon?: boolean | 'missing' | 'throws';
}

export interface Body {
  n: string;
  u: string;
  r?: string;
  p?: Record<string, string>;
  e?: number;
}

type Listener = [string, EventListenerOrEventListenerObject, (boolean | AddEventListenerOptions)?];

const happyDOM = (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM;
const pushState = history.pushState;
const replaceState = history.replaceState;
const addListener = window.addEventListener;
const listeners: Listener[] = [];
let hidden = false;

export let beacon: Mock<(url: string | URL, data?: BodyInit | null) => boolean>;
export const T0 = Date.UTC(2026, 10, 1, 9);

/** Loads a fresh copy of the tracker into a page described by `page`. */
export async function load(page: Page = {}): Promise<void> {
  const { url = 'https://www.example.com/pricing?plan=pro', attrs = {}, head = '', referrer = '' } = page;
  happyDOM.setURL(url);
  document.head.innerHTML = head;
  document.body.innerHTML = '<main><a id="here" href="/about">About</a></main>';
  const script = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) script.setAttribute(k, v);
  document.head.append(script);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
  Object.defineProperty(document, 'referrer', { configurable: true, get: () => referrer });
  hidden = page.hidden ?? false;
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });

  const mode = page.beacon ?? true;
  beacon = vi.fn(() => {
    if (mode === 'throws') throw new TypeError('sendBeacon failed');
    return mode === true;
  });
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: mode === 'missing' ? undefined : beacon,
  });
  window.addEventListener = ((...args: Listener) => {
    listeners.push(args);
    addListener(...args);
  }) as typeof window.addEventListener;

  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  vi.resetModules();
  await import('./tracker.ts');
  window.addEventListener = addListener;
}

/** The bodies sent with sendBeacon, parsed, in order. */
export function sent(): Body[] {
  return beacon.mock.calls.map(([, body]) => JSON.parse(String(body)));
}

/** Sent bodies with name `n`. */
export const named = (n: string) => sent().filter((b) => b.n === n);

/** Lets `ms` pass on the tracker's clock. */
export const wait = (ms: number) => vi.setSystemTime(Date.now() + ms);

/** Hides or shows the page as a tab switch does: the state changes, then visibilitychange fires. */
export function setHidden(value: boolean): void {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

/** `window.candor` as the page sees it. */
export const candor = () => (window as { candor?: Candor }).candor;

/** Clicks `el` with the given mouse button; `click` for the left one, `auxclick` for others. */
export function clickOn(el: Element, button = 0): MouseEvent {
  const e = new MouseEvent(button === 0 ? 'click' : 'auxclick', { bubbles: true, cancelable: true, button });
  el.dispatchEvent(e);
  return e;
}

/** A link in the page body. */
export function link(href: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.innerHTML = '<span>label</span>';
  document.body.append(a);
  return a;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  for (const [type, fn, options] of listeners.splice(0)) window.removeEventListener(type, fn, options);
  history.pushState = pushState;
  history.replaceState = replaceState;
  for (const key of ['currentScript', 'referrer', 'hidden'] as const)
    delete (document as unknown as Record<string, unknown>)[key];
  delete (navigator as unknown as Record<string, unknown>).sendBeacon;
  delete (window as { candor?: Candor }).candor;
  localStorage.clear();
});
