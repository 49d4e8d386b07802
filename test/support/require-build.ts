import { buildTargets, staleness } from '../../scripts/build-targets.mjs';
import { demoConfig, root } from './paths.ts';

/**
 * The outside-in suites drive the built system: refuse to run on a missing or stale build (a
 * source newer than its output), which would test yesterday's code, and say how to fix it.
 */
export default function requireBuild(): void {
  const problems = buildTargets(root, demoConfig).flatMap((target) => {
    const reason = staleness(target);
    return reason ? [`the ${target.name} (${target.output}): ${reason}`] : [];
  });
  if (problems.length === 0) return;
  throw new Error(
    `The built system is out of date:\n  ${problems.join('\n  ')}\n` +
      'Run `pnpm build` first (`pnpm test` builds for you; so does `pnpm start`).',
  );
}
