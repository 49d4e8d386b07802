import { CATEGORY_IDS, type CandorConfig, type CategoryId, CONSENT_MODE_SIGNALS } from './schema.ts';

/**
 * What the consent banner needs to know, derived from the config at site build time and embedded
 * in each page as JSON. The gateway derives the same object to validate consent records, and both
 * hash it, so a record proves which banner the visitor saw.
 */
export interface BannerConfig {
  /** A stored choice made under any other revision re-prompts the visitor. */
  revision: string;
  cookie: { name: string; domain: string | null; expiryDays: number };
  endpoint: string;
  links: { privacy: string; cookies: string };
  /** The locale whose wording the category texts below are written in (the config's first). */
  textLocale: string;
  categories: BannerCategory[];
  /** Google Consent Mode v2: each signal and the category that grants it. */
  consentMode: Record<string, CategoryId>;
}

export interface BannerCategory {
  id: CategoryId;
  title: string;
  description: string;
  /** `necessary` is always on and cannot be switched off. */
  required: boolean;
  services: BannerService[];
}

export interface BannerService {
  id: string;
  name: string;
  /** Cookie names (or regular expression sources, when `pattern`) deleted when consent is withdrawn. */
  cookies: { name: string; pattern: boolean }[];
}

/** Where the banner posts records and what it links to; relative on a site the gateway serves. */
export interface BannerPlaces {
  endpoint: string;
  links: { privacy: string; cookies: string };
}

const SAME_ORIGIN: BannerPlaces = { endpoint: '/api/consent', links: { privacy: '/privacy', cookies: '/cookies' } };

export function bannerConfig(config: CandorConfig, places: BannerPlaces = SAME_ORIGIN): BannerConfig {
  const consentMode: Record<string, CategoryId> = {};
  for (const signal of CONSENT_MODE_SIGNALS) {
    const category = config.consent.googleConsentMode[signal];
    if (category) consentMode[signal] = category;
  }
  return {
    revision: config.policy.revision,
    cookie: {
      name: config.consent.cookieName,
      domain: config.consent.cookieDomain ?? null,
      expiryDays: config.consent.expiryDays,
    },
    endpoint: places.endpoint,
    links: { ...places.links },
    textLocale: config.locales[0] ?? 'en',
    categories: CATEGORY_IDS.map((id) => ({
      id,
      title: config.consent.categories[id].title,
      description: config.consent.categories[id].description,
      required: id === 'necessary',
      services: config.services
        .filter((s) => s.category === id)
        .map((s) => ({
          id: s.id,
          name: s.name,
          cookies: s.cookies.map((c) => ({ name: c.name, pattern: c.pattern })),
        })),
    })),
    consentMode,
  };
}

/**
 * What a visitor was shown: the banner's config, the banner's own texts in the language it spoke,
 * and each service's provider, purpose and cookies as the policy describes them. A consent record
 * cites the notice by its hash (`configHash`), and the gateway keeps every notice it has served, so
 * the proof of a choice includes what the choice was about.
 */
export interface ConsentNotice {
  banner: BannerConfig;
  locale: string;
  /** The banner's interface strings in `locale` (buttons, headings, the explanation). */
  texts: object;
  services: NoticeService[];
}

export interface NoticeService {
  id: string;
  name: string;
  provider: string;
  category: CategoryId;
  purpose: string;
  privacyPolicy: string | null;
  cookies: { name: string; pattern: boolean; duration: string; purpose: string }[];
}

export function consentNotice(
  config: CandorConfig,
  banner: BannerConfig,
  locale: string,
  texts: object,
): ConsentNotice {
  return {
    banner,
    locale,
    texts,
    services: config.services.map((s) => ({
      id: s.id,
      name: s.name,
      provider: s.provider,
      category: s.category,
      purpose: s.purpose,
      privacyPolicy: s.privacyPolicy ?? null,
      cookies: s.cookies.map((c) => ({ name: c.name, pattern: c.pattern, duration: c.duration, purpose: c.purpose })),
    })),
  };
}

/** The `configHash` of a notice: SHA-256 (hex) of its canonical JSON. Web Crypto, so it runs anywhere. */
export async function noticeHash(notice: ConsentNotice): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(notice));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** JSON with object keys sorted, so equal configs hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The ids a consent record may name: every category and every service. */
export function consentIds(config: CandorConfig): { categories: Set<string>; services: Map<string, CategoryId> } {
  return {
    categories: new Set(CATEGORY_IDS),
    services: new Map(config.services.map((s) => [s.id, s.category])),
  };
}
