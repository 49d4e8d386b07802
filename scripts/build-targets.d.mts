// Types for build-targets.mjs, so the test suites' build check can use it.
export interface BuildTarget {
  name: string;
  output: string;
  inputs: string[];
  cwd: string;
  args: string[];
}
export declare function buildTargets(root: string, config: string): BuildTarget[];
export declare function staleness(target: BuildTarget): 'not built yet' | 'sources changed' | undefined;
