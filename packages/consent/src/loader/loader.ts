// The loader behind `<script src="https://gw.example/candor.js" defer>`: it runs on the company's
// page, on any origin, so everything it adds comes from its own origin (read from its `src`,
// never from the page's location), and nothing it does may break the page.
import { CONFIG_ID } from '../config.ts';
import type { PageConfig } from '../types.ts';
import { bannerFile, type LoaderSettings } from './settings.ts';

declare global {
  interface Window {
    /** Set by the first loader on the page; a second inclusion does nothing. */
    __candorLoader?: 1;
  }
}

/**
 * The page's locale: the primary subtag of `<html lang>` (`de-AT` → `de`) when the config has
 * it, else the script's `data-locale` when the config has that, else the config's first locale.
 */
export function pickLoaderLocale(locales: readonly string[], lang: string, requested: string | undefined): string {
  const primary = lang.toLowerCase().split('-')[0];
  return [primary, requested].find((l) => l && locales.includes(l)) ?? locales[0] ?? 'en';
}

/**
 * Puts Google Consent Mode defaults in place (synchronously, before anything else), then the
 * tracker, then fetches the banner config and adds it with the banner script. Never throws.
 */
export function load(settings: LoaderSettings): void {
  try {
    const w = window;
    if (w.__candorLoader) return;
    w.__candorLoader = 1;
    // The standard snippet, without replacing a dataLayer or gtag the page already has.
    w.dataLayer = w.dataLayer || [];
    w.gtag =
      w.gtag ||
      function () {
        // biome-ignore lint/complexity/noArguments: gtag queues the arguments object itself, not an array.
        w.dataLayer?.push(arguments);
      };
    w.gtag('consent', 'default', { ...settings.defaults, wait_for_update: 500 });

    const d = document;
    // A classic script's own tag (a module has none: the URL constructor then throws, caught below).
    const self = d.currentScript as HTMLScriptElement;
    const origin = new URL(self.src).origin;
    const data = self.dataset;
    const base = `${origin}/_candor/${settings.version}/`;
    const add = (file: string, attrs: Record<string, string> = {}) => {
      const s = d.createElement('script');
      s.src = base + file;
      // Inserted scripts are async by default; these keep their order (config before banner).
      s.async = false;
      for (const [k, v] of Object.entries(attrs)) s.setAttribute(`data-${k}`, v);
      d.head.append(s);
    };

    add('tracker.js', { api: `${origin}/api/event`, ...settings.tracker });

    const site = data.site || settings.sites[0];
    // A page that embeds the banner itself keeps it; an unknown site would get no config anyway.
    if (d.getElementById(CONFIG_ID) || !site || !settings.sites.includes(site)) return;
    const locale = pickLoaderLocale(settings.locales, d.documentElement.lang, data.locale);
    fetch(`${origin}/api/banner?site=${encodeURIComponent(site)}&locale=${locale}`, { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : null))
      .then((config: PageConfig | null) => {
        if (!config?.revision) return;
        config.styles = `${base}consent.css`;
        const json = d.createElement('script');
        json.type = 'application/json';
        json.id = CONFIG_ID;
        // textContent, never innerHTML: the JSON is data and stays data.
        json.textContent = JSON.stringify(config);
        d.head.append(json);
        add(bannerFile(locale));
      })
      .catch(() => {});
  } catch {}
}
