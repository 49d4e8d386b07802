/** Whether this run is CI's (`CI=true` or `CI=1`): then nothing may be skipped or shrunk. */
export const inCI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * The size of a long loop: `full` in CI, `smoke` in a developer's `pnpm test`, so the local run
 * stays short while CI loses nothing. The variable, when set, wins over both (a reproduction or a
 * longer run by hand).
 */
export function loopSize(variable: string, sizes: { full: number; smoke: number }): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return inCI ? sizes.full : sizes.smoke;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}
