import {
  type BannerConfig,
  type BannerPlaces,
  bannerConfig,
  type CandorConfig,
  type ConsentNotice,
  consentNotice,
  noticeHash,
} from '@candor/config';
import { LOCALES } from '@candor/consent/messages';
import { pageUrl, publicBaseUrl } from '../public-origin.ts';

/** One banner config as `GET /api/banner` answers it: the JSON body, its hash and an ETag. */
export interface ServedBanner {
  body: string;
  hash: string;
  notice: ConsentNotice;
}

/**
 * The notices the running config gives: for each locale, the banner a site served by this gateway
 * embeds (same-origin, relative links) and the one `GET /api/banner` serves to any other origin
 * (absolute links on the public origin). Both are valid `configHash`es for as long as the config
 * stays; older ones stay valid through the archive.
 */
export interface NoticeCatalog {
  /** What `GET /api/banner` answers for a locale, or undefined for one the config does not have. */
  banner(locale: string): ServedBanner | undefined;
  /** The current notice of `hash`, if the running config gives it. */
  current(hash: string): ConsentNotice | undefined;
}

export async function createNoticeCatalog(config: CandorConfig): Promise<NoticeCatalog> {
  const crossOrigin: BannerPlaces = {
    endpoint: `${publicBaseUrl(config)}/api/consent`,
    links: { privacy: pageUrl(config, 'privacy'), cookies: pageUrl(config, 'cookies') },
  };
  const banners = new Map<string, ServedBanner>();
  const byHash = new Map<string, ConsentNotice>();
  const add = async (banner: BannerConfig, locale: string) => {
    const notice = consentNotice(config, banner, locale, LOCALES[locale] ?? {});
    const hash = await noticeHash(notice);
    byHash.set(hash, notice);
    return { hash, notice };
  };
  for (const locale of config.locales) {
    await add(bannerConfig(config), locale);
    const banner = bannerConfig(config, crossOrigin);
    const { hash, notice } = await add(banner, locale);
    // `<` escaped so that a page may embed the body in a <script> element as it is.
    const body = JSON.stringify({ ...banner, configHash: hash }).replace(/</g, '\\u003c');
    banners.set(locale, { body, hash, notice });
  }
  return {
    banner: (locale) => banners.get(locale),
    current: (hash) => byHash.get(hash),
  };
}
