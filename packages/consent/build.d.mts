// Types for build.mjs, so the budget test can call it.
export declare const BUDGET: number;
export declare const LOCALES: string[];
export declare const LOADER_PLACEHOLDER: string;
/** A built file's text, e.g. `readDist('consent.js')`. */
export declare function readDist(name: string): Promise<string>;
export declare function build(): Promise<{
  /** Each script (one per locale) and its gzip -9 size. */
  scripts: { file: string; bytes: number }[];
  css: number;
  /** The heaviest page: the largest script plus the stylesheet. */
  total: number;
  /** dist/loader.js, the template of `GET /candor.js` (before the gateway's settings are in). */
  loader: { file: string; bytes: number };
  /** dist/preferences.js, the preference centre the browser builds load when it is first opened. */
  preferences: { file: string; bytes: number };
}>;
