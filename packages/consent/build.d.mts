// Types for build.mjs, so the budget test can call it.
export declare const BUDGET: number;
export declare const LOCALES: string[];
export declare function build(): Promise<{
  /** Each script (one per locale) and its gzip -9 size. */
  scripts: { file: string; bytes: number }[];
  css: number;
  /** The heaviest page: the largest script plus the stylesheet. */
  total: number;
}>;
