import { CATEGORY_IDS } from '@candor/definitions';
import { z } from 'zod';
import { CATALOG, CATALOG_KEYS, type CatalogKey, isCatalogKey } from './catalog/index.ts';

// The categories are defined once, with the consent actions and record body they belong to.
export { CATEGORY_IDS, type CategoryId } from '@candor/definitions';

/** Google Consent Mode v2 signals. */
export const CONSENT_MODE_SIGNALS = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;

export const SUPPORTED_LOCALES = ['en', 'de', 'fr', 'es', 'ar'] as const;

/** 13 months: the longest consent lifetime European regulators accept (CNIL, EDPB guidance). */
export const MAX_CONSENT_EXPIRY_DAYS = 395;

const ID_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
const id = z.string().regex(ID_PATTERN, 'must be lower-case letters, digits, "-" or "_", starting with a letter');

const hostname = z
  .string()
  .regex(
    /^(localhost|(\d{1,3}\.){3}\d{1,3}|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/,
    'must be a lower-case hostname without scheme or port, e.g. "example.com"',
  );

const timezone = z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. "Europe/Berlin"');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name');

const cookie = z.object({
  /** A cookie name, or a regular expression source when `pattern` is true (e.g. "^_ga"). */
  name: z.string().min(1),
  pattern: z.boolean().default(false),
  duration: z.string().min(1),
  purpose: z.string().min(1),
});

const serviceFields = z
  .object({
    id,
    /** The catalogue entry the service was written with (`{ use: 'ga4' }`), if any. */
    use: z.enum(CATALOG_KEYS).optional(),
    /**
     * The vendor's own id for this install, e.g. a GA4 measurement id "G-XXXX". Candor only shows it
     * and passes it on; it is kept apart from `id`, which names the service in consent records.
     */
    tag: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, 'must be a vendor id such as "G-XXXX" (letters, digits, . _ : / -)')
      .optional(),
    name: z.string().min(1),
    provider: z.string().min(1),
    category: z.enum(CATEGORY_IDS),
    purpose: z.string().min(1),
    cookies: z.array(cookie).default([]),
    /** Origins the service loads from; they are added to the Content-Security-Policy. */
    origins: z.array(z.url({ protocol: /^https$/ })).default([]),
    privacyPolicy: z.url().optional(),
    /** Substrings that mark an inline script as this service's (e.g. "gtag("), for the edge proxy. */
    signatures: z
      .array(z.string().min(3, 'must be at least 3 characters, or it would match almost any script'))
      .default([]),
  })
  .strict();

/**
 * A service as written: every field by hand, or `{ use: '<catalogue key>', … }`, where the
 * catalogue entry gives every field and the ones written beside `use` replace it.
 */
export type ServiceInput =
  | z.input<typeof serviceFields>
  | (Partial<z.input<typeof serviceFields>> & { use: CatalogKey });

// The entry is merged in before validation, so a bad override is reported at its own path.
const service = z.preprocess<unknown, typeof serviceFields, ServiceInput>(fromCatalogue, serviceFields);

const category = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
});

/** A path on the gateway ("/privacy") or an absolute https URL of a page the company serves itself. */
const pageLocation = z.union([
  z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be a path such as "/privacy" or an https URL'),
  z.url({ protocol: /^https?$/ }),
]);

/** A CSS colour as #rgb or #rrggbb: it goes into a stylesheet, so nothing else is accepted. */
const colour = z.string().regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a colour as #rgb or #rrggbb');

/** A CSP source the site needs: an https origin (with an optional path), or a "*.example.com" host pattern. */
const cspSource = z
  .string()
  .regex(
    /^https:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/,
    'must be an https source such as "https://fonts.example.com"',
  );

const site = z.object({
  id,
  name: z.string().min(1),
  /** Every hostname whose events are accepted for this site; the first is the canonical one. */
  hostnames: z.array(hostname).min(1),
  timezone: timezone.default('UTC'),
  /**
   * The site's own server when the gateway stands in front of it (the edge proxy): every request
   * the gateway does not answer itself is streamed there. An origin only, without path or query.
   */
  upstream: z
    .url({ protocol: /^https?$/ })
    .refine(
      (u) => /^https?:\/\/[^/?#@]+\/?$/.test(u),
      'must be an origin (no path, query or user) such as "https://origin.example.com"',
    )
    .optional(),
  /** Send the visitor's `Host` upstream instead of the upstream's own (for origins that route by name). */
  preserveHost: z.boolean().default(false),
  /**
   * The CSP of a proxied site's HTML: `upstream` keeps the site's own policy and adds what Candor
   * injects; `strict` replaces it with one that allows only the site, its services and Candor.
   */
  csp: z.enum(['upstream', 'strict']).default('upstream'),
});

const mailingList = z.object({
  id,
  name: z.string().min(1),
  description: z.string().min(1),
});

/** What a webhook target can subscribe to. `unsubscribe.deleted` is an undo or a resubscribe. */
export const WEBHOOK_EVENTS = ['unsubscribe.created', 'unsubscribe.deleted', 'privacy_request.verified'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const unsubscribe = z
  .object({
    /**
     * The public origin that serves `/u/:token` (the gateway behind the site's domain), e.g.
     * "https://www.example.com". Unset: `publicUrl`, else `company.website` (never a request header).
     */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** A mailbox that handles unsubscribe mail, added to List-Unsubscribe as a mailto: fallback. */
    mailto: z.email().optional(),
  })
  .strict();

const webhook = z.object({
  id,
  url: z.url({ protocol: /^https?$/ }),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  /** The environment variable that holds this target's signing secret; never the secret itself. */
  secretEnv: envName,
});

const days = z.number().int().positive();

const retention = z.object({
  consentRecordsDays: days.default(5 * 365),
  analyticsEventsDays: days.default(2 * 365),
  completedRequestsDays: days.default(3 * 365),
  unverifiedRequestsDays: days.default(7),
  exportPackageDays: days.default(7),
  loginLogDays: days.default(365),
  auditLogDays: days.default(3 * 365),
  deliveredWebhooksDays: days.default(30),
  /** Sent mail (already without address and body) and undeliverable mail (with them). */
  sentMailDays: days.default(30),
});

export const candorConfigSchema = z
  .object({
    company: z.object({
      name: z.string().min(1),
      legalName: z.string().min(1),
      address: z.string().min(1),
      privacyContact: z.email(),
      website: z.url(),
    }),
    /**
     * The public origin that serves the site and the gateway, e.g. "https://www.example.com":
     * links in emails (verification, downloads, unsubscribe) and connected systems' callback URLs
     * point here. Unset: `company.website`. Never taken from a request header; a production gateway
     * refuses to start unless this (or the website) is an https origin it serves.
     */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    sites: z.array(site).min(1),
    policy: z.object({
      /** Bumping the revision is a material change: the banner asks every visitor again. */
      revision: isoDate,
      /** Older revisions whose consent records are still accepted while cached pages age out. */
      acceptedRevisions: z.array(isoDate).default([]),
    }),
    consent: z
      .object({
        cookieName: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .default('candor_consent'),
        /** Share the choice across subdomains, e.g. ".example.com". */
        cookieDomain: z.string().optional(),
        expiryDays: z.number().int().min(1).max(MAX_CONSENT_EXPIRY_DAYS).default(182),
        categories: z.object({
          necessary: category,
          preferences: category,
          analytics: category,
          marketing: category,
        }),
        /** Which consent categories grant each Google Consent Mode signal. */
        googleConsentMode: z.partialRecord(z.enum(CONSENT_MODE_SIGNALS), z.enum(CATEGORY_IDS)).default({
          ad_storage: 'marketing',
          ad_user_data: 'marketing',
          ad_personalization: 'marketing',
          analytics_storage: 'analytics',
          functionality_storage: 'preferences',
          personalization_storage: 'preferences',
          security_storage: 'necessary',
        }),
      })
      .strict(),
    services: z.array(service).default([]),
    locales: z.array(z.enum(SUPPORTED_LOCALES)).min(1).default(['en']),
    mailingLists: z.array(mailingList).default([]),
    retention: retention.default(retention.parse({})),
    webhooks: z.array(webhook).default([]),
    unsubscribe: unsubscribe.default({}),
    privacyRequests: z
      .object({
        /**
         * The deadline rules a request gets unless the requester says they live in California:
         * `gdpr` (one month, extendable by two) or `ccpa` (45 days, extendable by 45).
         */
        jurisdiction: z.enum(['gdpr', 'ccpa']).default('gdpr'),
        /**
         * Where staff mail goes (a new confirmed request; reminders 7 days, 2 days and overdue);
         * default the company's privacy contact.
         */
        notify: z.array(z.email()).default([]),
        /**
         * How the team hears of newly confirmed requests: `each` (a mail per request, when it is
         * confirmed) or `daily` (one summary from 08:00 site time, of the day before and since).
         */
        arrivals: z.enum(['each', 'daily']).default('each'),
      })
      .strict()
      .default({ jurisdiction: 'gdpr', notify: [], arrivals: 'each' }),
    /**
     * Candor's own pages. Each is a path the gateway serves (generated from this config, in the
     * company's styling below) or the absolute URL of a page the company serves itself, which the
     * banner then links to. A site the gateway serves (CANDOR_SITE_DIR) wins where it has the page.
     */
    pages: z
      .object({
        privacy: pageLocation.default('/privacy'),
        cookies: pageLocation.default('/cookies'),
        requests: pageLocation.default('/privacy/requests'),
        /**
         * The policy's own prose: a Markdown file (relative to this config file) whose front matter
         * may give `title`, `description`, `lastUpdated` and a `changelog` of `{ date, summary }`.
         */
        policyFile: z.string().min(1).optional(),
      })
      .strict()
      .default({ privacy: '/privacy', cookies: '/cookies', requests: '/privacy/requests' }),
    /** How Candor's own pages look: the company's name comes from `company.name`. */
    branding: z
      .object({
        logoUrl: z.url({ protocol: /^https?$/ }).optional(),
        colors: z
          .object({ accent: colour.optional(), text: colour.optional(), background: colour.optional() })
          .strict()
          .default({}),
        /** A stylesheet of the company's that replaces Candor's own on its pages. */
        stylesheetUrl: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict()
      .default({ colors: {} }),
    /**
     * Extra sources for the CSP of a site the gateway serves from a static export (fonts, CDN scripts
     * and styles the export needs). Services' origins are added already.
     */
    csp: z
      .object({
        scriptSrc: z.array(cspSource).default([]),
        styleSrc: z.array(cspSource).default([]),
        fontSrc: z.array(cspSource).default([]),
        imgSrc: z.array(cspSource).default([]),
        connectSrc: z.array(cspSource).default([]),
        frameSrc: z.array(cspSource).default([]),
      })
      .strict()
      .default({ scriptSrc: [], styleSrc: [], fontSrc: [], imgSrc: [], connectSrc: [], frameSrc: [] }),
    /** The edge proxy's timeouts (for sites with an `upstream`): no connection → 502, no answer → 504. */
    proxy: z
      .object({
        connectTimeoutMs: z.number().int().positive().max(60_000).default(5_000),
        responseTimeoutMs: z.number().int().positive().max(600_000).default(30_000),
      })
      .strict()
      .default({ connectTimeoutMs: 5_000, responseTimeoutMs: 30_000 }),
    analytics: z
      .object({
        /** Whether GPC/DNT turn the tracker off. Off: it stores nothing personal (see README). */
        respectGpc: z.boolean().default(false),
        respectDnt: z.boolean().default(false),
        downloadExtensions: z
          .array(z.string().regex(/^[a-z0-9]{1,8}$/))
          .default(['pdf', 'zip', 'csv', 'xlsx', 'docx', 'pptx', 'dmg', 'exe', 'mp4']),
        /** Query parameters kept in stored paths. utm_* ones never are: they are stored as the UTM fields. */
        keepQueryParams: z.array(z.string().min(1)).default([]),
      })
      .default({
        respectGpc: false,
        respectDnt: false,
        downloadExtensions: ['pdf', 'zip', 'csv', 'xlsx', 'docx', 'pptx', 'dmg', 'exe', 'mp4'],
        keepQueryParams: [],
      }),
  })
  .strict()
  .superRefine((config, ctx) => {
    unique(ctx, config.sites, (s) => s.id, ['sites'], 'id');
    unique(ctx, config.services, (s) => s.id, ['services'], 'id', 'two uses of one catalogue entry need distinct ids');
    unique(ctx, config.mailingLists, (l) => l.id, ['mailingLists'], 'id');
    unique(ctx, config.webhooks, (w) => w.id, ['webhooks'], 'id');
    const hosts = config.sites.flatMap((s, i) =>
      s.hostnames.map((h, j) => ({ h, path: ['sites', i, 'hostnames', j] })),
    );
    const seen = new Set<string>();
    for (const { h, path } of hosts) {
      if (seen.has(h)) ctx.addIssue({ code: 'custom', path, message: `hostname "${h}" belongs to two sites` });
      seen.add(h);
    }
    config.services.forEach((s, i) => {
      // Consent records list categories and services in one array, so their ids must not collide.
      if ((CATEGORY_IDS as readonly string[]).includes(s.id)) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'id'], message: `"${s.id}" is a category id` });
      }
      // A necessary service may load from other origins (Stripe.js, Turnstile): it is never gated,
      // and its origins go into the CSP like any other service's.
      s.cookies.forEach((c, j) => {
        if (c.pattern && !isRegExp(c.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['services', i, 'cookies', j, 'name'],
            message: 'is not a valid regular expression',
          });
        }
      });
    });
  });

/** The config as written by a user (defaults optional). */
export type CandorConfigInput = z.input<typeof candorConfigSchema>;
/** The validated config with every default filled in. */
export type CandorConfig = z.output<typeof candorConfigSchema>;
export type Site = CandorConfig['sites'][number];
export type Service = CandorConfig['services'][number];
export type MailingList = CandorConfig['mailingLists'][number];
export type Retention = CandorConfig['retention'];
export type Webhook = CandorConfig['webhooks'][number];

function unique<T>(
  ctx: z.RefinementCtx,
  items: T[],
  key: (t: T) => string,
  path: (string | number)[],
  field: string,
  hint?: string,
) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    const message = `duplicate ${field} "${k}"${hint ? ` (${hint})` : ''}`;
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [...path, i, field], message });
    seen.add(k);
  });
}

/**
 * Expands `{ use: 'ga4', … }` into a full service: the catalogue entry's fields, the key as the
 * default id, then every field written beside `use`. Anything else passes through unchanged.
 */
function fromCatalogue(raw: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof raw !== 'object' || raw === null || !('use' in raw) || raw.use === undefined) return raw;
  const written: Record<string, unknown> = { ...raw };
  const { use } = written;
  if (typeof use !== 'string' || !isCatalogKey(use)) {
    ctx.addIssue({ code: 'custom', path: ['use'], message: `must name a catalogue entry: ${CATALOG_KEYS.join(', ')}` });
    return z.NEVER;
  }
  // `{ use: 'ga4', id: 'G-XXXX' }` is the likeliest slip: say where a vendor id belongs.
  if (typeof written.id === 'string' && !ID_PATTERN.test(written.id)) {
    ctx.addIssue({
      code: 'custom',
      path: ['id'],
      message: 'must be lower-case letters, digits, "-" or "_"; a vendor id such as "G-XXXX" goes in `tag`',
    });
    return z.NEVER;
  }
  const { key, consentMode: _consentMode, ...defaults } = CATALOG[use];
  const overrides = Object.fromEntries(Object.entries(written).filter(([, value]) => value !== undefined));
  return { ...defaults, id: key, ...overrides };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
