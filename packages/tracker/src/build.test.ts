import { describe, expect, it } from 'vitest';
import { BUDGET, build } from '../build.mjs';

describe('the build', () => {
  it('emits dist/tracker.js within 1,000 bytes gzip -9', async () => {
    const { file, raw, bytes } = await build();
    expect(BUDGET).toBe(1000);
    expect(file).toBe('dist/tracker.js');
    expect(raw).toBeGreaterThan(bytes);
    expect(bytes).toBeLessThanOrEqual(BUDGET);
  }, 60_000);
});
