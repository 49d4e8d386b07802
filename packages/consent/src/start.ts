import { readConfig } from './config.ts';
import { type Controller, createController, safe } from './controller.ts';
import { pickLocale } from './i18n/index.ts';
import type { Candor, ConsentApi } from './types.ts';
import { h } from './ui/dom.ts';

/**
 * Adds the banner's stylesheet without blocking rendering; settles once it has loaded or failed,
 * so the banner never appears unstyled and never waits forever.
 */
export function loadStyles(href: string | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!href) return resolve();
    const link = h('link', { rel: 'stylesheet', href });
    // Handler properties, not attributes: the CSP forbids inline handlers, not these.
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

/** Attaches the API to `window.candor`, which the analytics tracker may already have defined. */
export function installApi(api: ConsentApi): Candor {
  const candor: Candor =
    window.candor ||
    function () {
      candor.q ||= [];
      // biome-ignore lint/complexity/noArguments: the tracker's command queue stores arguments objects.
      candor.q.push(arguments);
    };
  window.candor = candor;
  candor.consent = api;
  return candor;
}

/** Starts the banner on this page, or does nothing when the page has no valid config. */
export const start = safe((): Controller | null => {
  const config = readConfig(document);
  if (!config) return null;
  const controller = createController(config, pickLocale(document.documentElement.lang), loadStyles(config.styles));
  installApi(controller.api);
  // Footer links and the /cookies page button open the preference centre; one listener serves all.
  document.addEventListener('click', (e) => {
    const opener = e.target instanceof Element && e.target.closest('[data-candor-preferences]');
    if (opener) {
      e.preventDefault();
      controller.openPreferences(opener);
    }
  });
  controller.boot();
  return controller;
});
