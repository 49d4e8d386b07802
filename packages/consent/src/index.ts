// The package's source entry, for code that embeds or inspects the banner. It starts nothing:
// pages load the built `consent.js`, whose entry is `auto.ts`.
export { CONFIG_ID, readConfig } from './config.ts';
export { CHANGE_EVENT, CONSENT_EVENT } from './controller.ts';
export { decode, encode } from './cookie.ts';
export { start } from './start.ts';
export type { Action, ConsentApi, ConsentState, PageConfig, Stored } from './types.ts';
export { BANNER_ID } from './ui/banner.ts';
export { PREFERENCES_ID } from './ui/preferences.ts';
