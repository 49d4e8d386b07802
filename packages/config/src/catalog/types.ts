import type { CategoryId } from '@candor/definitions';
import type { CONSENT_MODE_SIGNALS } from '../schema.ts';

export type ConsentModeSignal = (typeof CONSENT_MODE_SIGNALS)[number];

/** A cookie a catalogued service sets, as the vendor documents it. */
export interface CatalogCookie {
  /** A cookie name, or a regular-expression source when `pattern` is true (e.g. "^_ga_"). */
  readonly name: string;
  readonly pattern?: boolean;
  readonly duration: string;
  readonly purpose: string;
}

/**
 * A well-known third-party service that a config names with `{ use: '<key>' }`. Every field but
 * `key` and `consentMode` becomes a field of the configured service, unless the config overrides it.
 */
export interface CatalogEntry {
  /** What `use` names; also the service id unless the config gives another. */
  readonly key: string;
  readonly name: string;
  /** The legal entity that runs the service for visitors in the EEA, where the vendor names one. */
  readonly provider: string;
  readonly privacyPolicy: string;
  /** The default consent category; a config may override it. */
  readonly category: CategoryId;
  readonly purpose: string;
  /** https origins its scripts, iframes and beacons load from (they feed the CSP and the proxy's gating). */
  readonly origins: readonly string[];
  /** Substrings that mark an inline script as this service's snippet. */
  readonly signatures: readonly string[];
  readonly cookies: readonly CatalogCookie[];
  /**
   * The Google Consent Mode signals the service reads. Informational, and empty for vendors that do
   * not read Google's signals (some have a consent API of their own, noted on the entry).
   */
  readonly consentMode: readonly ConsentModeSignal[];
}
