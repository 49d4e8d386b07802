// The loader's settings, computed once from the config, and the rendered text of `GET /candor.js`.
import { bannerConfig, type CandorConfig } from '@candor/config';
import { type LoaderSettings, SETTINGS_PLACEHOLDER } from '@candor/consent/loader';

/** What the loader needs from the config: the same defaults and tracker options the Astro site sets. */
export function loaderSettings(config: CandorConfig, version: string): LoaderSettings {
  // Every signal starts denied, except those granted by `necessary` (security_storage).
  const defaults = Object.fromEntries(
    Object.entries(bannerConfig(config).consentMode).map(([signal, category]) => [
      signal,
      category === 'necessary' ? 'granted' : 'denied',
    ]),
  ) as LoaderSettings['defaults'];
  const { downloadExtensions, respectGpc, respectDnt } = config.analytics;
  const tracker: Record<string, string> = { downloads: downloadExtensions.join(',') };
  // The tracker ignores localhost unless told otherwise; the demo site lives there.
  const local = config.sites.some((s) => s.hostnames.some((h) => h === 'localhost' || h === '127.0.0.1'));
  if (local) tracker.local = '';
  if (respectGpc) tracker['respect-gpc'] = '';
  if (respectDnt) tracker['respect-dnt'] = '';
  return { version, locales: [...config.locales], sites: config.sites.map((s) => s.id), defaults, tracker };
}

/**
 * The built loader with the settings in place of its placeholder. `<` is escaped, so the text
 * stays harmless even if someone inlines it in a `<script>` element.
 * @throws Error when the template does not name the placeholder exactly once (a broken build).
 */
export function renderLoader(template: string, settings: LoaderSettings): string {
  const parts = template.split(SETTINGS_PLACEHOLDER);
  if (parts.length !== 2) throw new Error(`the loader build must name ${SETTINGS_PLACEHOLDER} exactly once`);
  return parts.join(JSON.stringify(settings).replace(/</g, '\\u003c'));
}
