// Types for pack.mjs, so test/repo/packages.test.ts can use it.
export interface PackedTarball {
  name: string;
  file: string;
  bytes: number;
}
export declare function packageDirs(): string[];
export declare function exportTargets(manifest: { exports?: unknown; publishConfig?: { exports?: unknown } }): string[];
export declare function isStale(dir: string): boolean;
export declare function packAll(outDir: string, options?: { build?: boolean | 'stale' }): PackedTarball[];
