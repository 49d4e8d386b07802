// What the head script puts on a page in each mode, derived from the config exactly as the demo
// site's ConsentBanner.astro and Tracker.astro did, so the gateway's notice hash still matches.
import { bannerConfig, type CandorConfig, CONSENT_MODE_SIGNALS, consentNotice, noticeHash } from '@candor/config';
import { bannerFile } from '@candor/consent/loader';
import { LOCALES } from '@candor/consent/messages';
import type { ConsentDefaults, HeadScriptInput } from './head-script.ts';

/** Every signal denied except those the `necessary` category grants (without a config: `security_storage`). */
export function consentDefaults(config: CandorConfig | null): ConsentDefaults {
  if (!config) {
    return Object.fromEntries(
      CONSENT_MODE_SIGNALS.map((signal) => [signal, signal === 'security_storage' ? 'granted' : 'denied']),
    );
  }
  return Object.fromEntries(
    Object.entries(bannerConfig(config).consentMode).map(([signal, category]) => [
      signal,
      category === 'necessary' ? 'granted' : 'denied',
    ]),
  );
}

/** The site's language: the config's first locale, whose banner build the pages load. */
export const siteLocale = (config: CandorConfig): string => config.locales[0] ?? 'en';

/**
 * The banner's page config: the banner config with relative endpoint and links, the hash of the
 * notice the visitor is shown (this config, the banner's texts in the site's language), and the
 * stylesheet and preference centre URLs.
 */
export async function pageConfig(config: CandorConfig, urls: { styles: string; preferences: string }) {
  const banner = bannerConfig(config);
  const lang = siteLocale(config);
  const configHash = await noticeHash(consentNotice(config, banner, lang, LOCALES[lang] ?? LOCALES.en ?? {}));
  return { ...banner, configHash, styles: urls.styles, preferences: urls.preferences };
}

/** The tracker's data attributes, from the config, so the policy's account of what is measured stays true. */
export function trackerAttributes(config: CandorConfig): Record<string, string> {
  const { downloadExtensions, respectGpc, respectDnt } = config.analytics;
  // The tracker ignores localhost unless told otherwise; a demo or staging site may live there.
  const local = config.sites.some((site) => site.hostnames.some((h) => h === 'localhost' || h === '127.0.0.1'));
  const attributes: Record<string, string> = {
    'data-api': '/api/event',
    'data-downloads': downloadExtensions.join(','),
  };
  if (local) attributes['data-local'] = '';
  if (respectGpc) attributes['data-respect-gpc'] = '';
  if (respectDnt) attributes['data-respect-dnt'] = '';
  return attributes;
}

/** Same origin: the config JSON, then the banner in the site's language and the tracker from `assetBase`. */
export async function sameOriginInput(config: CandorConfig, assetBase: string): Promise<HeadScriptInput> {
  return {
    defaults: consentDefaults(config),
    pageConfig: await pageConfig(config, {
      styles: `${assetBase}consent.css`,
      preferences: `${assetBase}preferences.js`,
    }),
    scripts: [
      { src: `${assetBase}${bannerFile(siteLocale(config))}` },
      { src: `${assetBase}tracker.js`, attributes: trackerAttributes(config) },
    ],
  };
}

/** Another origin: the gateway's loader, which adds the banner and the tracker itself. */
export function gatewayInput(config: CandorConfig | null, gateway: string, site: string | undefined): HeadScriptInput {
  return {
    defaults: consentDefaults(config),
    scripts: [{ src: `${gateway}/candor.js`, attributes: site ? { 'data-site': site } : {} }],
  };
}
