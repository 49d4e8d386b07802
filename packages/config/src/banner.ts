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

export function bannerConfig(config: CandorConfig): BannerConfig {
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
    endpoint: '/api/consent',
    links: { privacy: '/privacy', cookies: '/cookies' },
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

/** SHA-256 (hex) of the banner config's canonical JSON. Web Crypto, so it runs anywhere. */
export async function bannerConfigHash(banner: BannerConfig): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(banner));
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
