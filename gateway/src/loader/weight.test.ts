// The page-weight budgets, on the real builds (`pnpm build` makes them): the same check that
// `scripts/weight.mjs` runs as the last step of `pnpm build`.
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../testing.ts';
import { readLoaderSources } from './node-assets.ts';
import { everyLocale, LOADER_BUDGET, overBudget, PAGE_BUDGET, weigh } from './weight.ts';

describe('what a page loads from the gateway', async () => {
  // Every locale the banner speaks, so the heaviest counts whatever a company configures.
  const config = everyLocale(demoConfig);
  const weight = weigh(config, await readLoaderSources(config));

  it('has the budgets of the issue: loader 1,000 B and page 7,000 B, gzip -9', () => {
    expect([LOADER_BUDGET, PAGE_BUDGET]).toEqual([1000, 7000]);
    expect(weight.total).toBe(weight.loader + weight.banner.bytes + weight.tracker + weight.css);
  });

  it('keeps the loader, rendered with the demo config in every locale, within 1,000 B gzip -9', () => {
    expect(weight.loader).toBeGreaterThan(0);
    expect(weight.loader).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it('keeps the page total (loader, heaviest banner, tracker, CSS) within 7,000 B gzip -9', () => {
    expect(overBudget(weight)).toEqual([]);
  });

  it('weighs the heaviest locale, and the preference centre apart from the page', () => {
    expect(weight.banner.file).toBe('consent.ar.js');
    expect(weight.preferences).toBeGreaterThan(0);
  });

  it('reports each budget it exceeds', () => {
    expect(overBudget({ ...weight, loader: 1001, total: 7001 })).toEqual([
      'the loader is 1001 B > 1000 B',
      'the page total is 7001 B > 7000 B',
    ]);
  });
});
