// The browser builds' `withPreferences` (see load-preferences.ts): the preference centre is its own
// script, `preferences.js`, loaded from `config.preferences` the first time it is opened.
import type { PageConfig } from '../types.ts';
import type { ShowPreferences } from './load-preferences.ts';

declare global {
  interface Window {
    /** Set by preferences.js when it runs. */
    __candorPreferences?: ShowPreferences;
  }
}

let loading: Promise<ShowPreferences> | undefined;

/**
 * Where preferences.js is when the config does not say: beside this script, as the gateway and a
 * copy of dist/ serve it. Read while the banner's script runs, the only time `currentScript` is it.
 */
const beside = (document.currentScript as HTMLScriptElement | null)?.src.replace(
  /consent(\.[a-z]+)?\.js(\?.*)?$/,
  'preferences.js',
);

/** Calls `use` with the preference centre once it has loaded; a failed load is retried on the next open. */
export function withPreferences(config: PageConfig, use: (show: ShowPreferences) => void): void {
  loading ||= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = config.preferences ?? beside ?? '';
    // Handler properties, not attributes: the CSP forbids inline handlers, not these.
    script.onload = () => (window.__candorPreferences ? resolve(window.__candorPreferences) : reject());
    script.onerror = reject;
    document.head.append(script);
  });
  loading.then(use, () => {
    loading = undefined;
  });
}
