// What the gateway injects into the loader when it renders `GET /candor.js`: everything the
// loader needs that is the same on every page. The gateway computes it once from the config.

/** The loader's settings; the gateway writes them in place of `SETTINGS_PLACEHOLDER`. */
export interface LoaderSettings {
  /** The asset version: the banner, tracker and stylesheet live under `/_candor/<version>/`. */
  version: string;
  /** The config's locales; the first is the default. */
  locales: string[];
  /** The configured site ids; the first is the default. */
  sites: string[];
  /** Google Consent Mode defaults: every signal denied except those of `necessary`. */
  defaults: Record<string, 'granted' | 'denied'>;
  /**
   * The tracker's data attributes (without `data-`), as `Tracker.astro` sets them; `''` for a
   * flag. `api` is missing: the loader builds it from its own origin.
   */
  tracker: Record<string, string>;
}

/** The free identifier the built loader refers to; the gateway replaces it with the settings JSON. */
export const SETTINGS_PLACEHOLDER = '__CANDOR_SETTINGS__';

/** The banner build for a locale: English is the default `consent.js`. */
export function bannerFile(locale: string): string {
  return locale === 'en' ? 'consent.js' : `consent.${locale}.js`;
}
