// Consent: the categories a visitor chooses among, the actions a record names, and the body of
// `POST /api/consent`. The banner sends this body, the gateway validates it, the config names the
// categories' texts, and the pages list them: all from here.

/** The four consent categories. `necessary` is always on; the rest need consent. */
export const CATEGORY_IDS = ['necessary', 'preferences', 'analytics', 'marketing'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** The categories a visitor may refuse: every one but `necessary`. */
export const OPTIONAL_CATEGORIES = ['preferences', 'analytics', 'marketing'] as const;
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];

/**
 * What a consent record says the visitor did: a banner button, a saved custom choice, a withdrawal
 * from the preference centre, or the browser's Global Privacy Control signal honoured on arrival.
 */
export const CONSENT_ACTIONS = ['accept_all', 'reject_all', 'custom', 'withdraw', 'gpc'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** Proof of consent, as `POST /api/consent` takes it. */
export interface ConsentRecordBody {
  /** The browser's random consent id (a UUID); nothing else identifies the visitor. */
  id: string;
  action: ConsentAction;
  /** Category and service ids. */
  granted: string[];
  denied: string[];
  /** The policy revision (YYYY-MM-DD) the banner showed. */
  revision: string;
  /** SHA-256 hex of the notice the banner showed; the gateway refuses one it never served. */
  configHash: string;
  locale: string;
  gpc: boolean;
  /** The page's path, without query string or fragment. */
  path: string;
}
