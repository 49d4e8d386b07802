// Types for build.mjs, so the budget test can call it.
export declare const BUDGET: number;
export declare const OUTFILE: string;
/** Builds dist/tracker.js and returns its size, raw and gzip -9. */
export declare function build(): Promise<{ file: string; raw: number; bytes: number }>;
