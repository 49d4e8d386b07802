import { linkedinInsight, metaPixel, tiktokPixel } from './advertising.ts';
import { calendly, typeform, vimeo } from './embeds.ts';
import { hotjar, hubspot, intercom } from './engagement.ts';
import { ga4, googleAds, googleMaps, gtm, recaptcha, youtube } from './google.ts';
import { clarity, microsoftUet } from './microsoft.ts';
import { stripe, turnstile } from './security.ts';
import type { CatalogEntry } from './types.ts';

export type { CatalogCookie, CatalogEntry, ConsentModeSignal } from './types.ts';

/** Every key a config may name with `use`, in the order docs/catalogue.md lists them. */
export const CATALOG_KEYS = [
  'ga4',
  'gtm',
  'google-ads',
  'youtube',
  'google-maps',
  'recaptcha',
  'meta-pixel',
  'linkedin-insight',
  'tiktok-pixel',
  'clarity',
  'microsoft-uet',
  'hubspot',
  'hotjar',
  'intercom',
  'vimeo',
  'calendly',
  'typeform',
  'stripe',
  'turnstile',
] as const;
export type CatalogKey = (typeof CATALOG_KEYS)[number];

/** The catalogue of well-known services that Candor ships, by key. */
export const CATALOG: Readonly<Record<CatalogKey, CatalogEntry>> = {
  ga4,
  gtm,
  'google-ads': googleAds,
  youtube,
  'google-maps': googleMaps,
  recaptcha,
  'meta-pixel': metaPixel,
  'linkedin-insight': linkedinInsight,
  'tiktok-pixel': tiktokPixel,
  clarity,
  'microsoft-uet': microsoftUet,
  hubspot,
  hotjar,
  intercom,
  vimeo,
  calendly,
  typeform,
  stripe,
  turnstile,
};

export function isCatalogKey(key: string): key is CatalogKey {
  return Object.hasOwn(CATALOG, key);
}
