import type { BannerConfig } from '@candor/config';
import type { ConsentAction } from '@candor/definitions';

/** The banner config as the page embeds it: the shared config plus its hash and the stylesheet URL. */
export interface PageConfig extends BannerConfig {
  configHash: string;
  styles?: string;
  /** The preference centre's script, which the browser builds load when it is first opened. */
  preferences?: string;
}

/** The choice cookie's value. Short keys: it travels with every request to the site. */
export interface Stored {
  v: 1;
  id: string;
  /** Policy revision the choice was made under. */
  r: string;
  /** Granted categories and granted services. */
  c: string[];
  s: string[];
  /** Unix seconds. */
  t: number;
  /** Global Privacy Control was on. */
  g: 0 | 1;
  /** 1 for a choice the visitor made, 0 for the default written for GPC alone. */
  x: 0 | 1;
}

/** What a consent record says the visitor did; defined once, with the gateway's side. */
export type Action = ConsentAction;

/** A normalised selection: what is granted. */
export interface Selection {
  c: string[];
  s: string[];
}

/** What `get()` returns and what the DOM events carry. */
export interface ConsentState {
  id: string;
  revision: string;
  categories: string[];
  services: string[];
  /** Unix seconds, as in the cookie. */
  timestamp: number;
  gpc: boolean;
}

export interface ConsentApi {
  get(): ConsentState | null;
  set(choices: { categories?: string[]; services?: string[] }): void;
  show(): void;
  showPreferences(): void;
  onChange(cb: (state: ConsentState) => void): () => void;
}

export interface Candor {
  (...args: unknown[]): void;
  q?: unknown[];
  consent?: ConsentApi;
}

declare global {
  interface Window {
    candor?: Candor;
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
  interface Navigator {
    globalPrivacyControl?: boolean;
  }
}
