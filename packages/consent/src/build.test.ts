import { describe, expect, it } from 'vitest';
import { BUDGET, build, LOCALES } from '../build.mjs';

describe('the build', () => {
  it('emits one script per locale, and the heaviest page (script + CSS) stays within 6,000 B gzip -9', async () => {
    const { scripts, css, total } = await build();
    expect(BUDGET).toBe(6000);
    expect(scripts.map((s) => s.file)).toEqual(
      LOCALES.map((l) => (l === 'en' ? 'dist/consent.js' : `dist/consent.${l}.js`)),
    );
    expect(css).toBeGreaterThan(0);
    expect(total).toBe(Math.max(...scripts.map((s) => s.bytes)) + css);
    expect(total).toBeLessThanOrEqual(BUDGET);
  }, 60_000);
});
