/** [title, description] of a category, used when the config's own texts are in another language. */
type Category = [string, string];

/** Every string the banner shows. One file per locale; keys stay short because all five ship. */
export interface Messages {
  /** The banner's accessible name. */
  dialog: string;
  text: string;
  privacy: string;
  cookies: string;
  acceptAll: string;
  rejectAll: string;
  customize: string;
  /** The preference centre's heading. */
  settings: string;
  save: string;
  close: string;
  alwaysOn: string;
  record: string;
  /** Shown when marketing is off because of Global Privacy Control. */
  gpc: string;
  /** Iframe placeholder: the warning, then (for a frame of a known service) `only` and its name. */
  blocked: string;
  /** Says that "Always allow" turns on that one service, nothing else; the service name follows. */
  only: string;
  /** Loads the frame on this page; records nothing. */
  once: string;
  /** Grants the frame's one service, on every page. */
  always: string;
  necessary: Category;
  preferences: Category;
  analytics: Category;
  marketing: Category;
}
