// What a company's page pays for Candor, gzip -9: the loader (rendered with the config, widened to
// every locale the banner speaks, so the heaviest one counts whatever a company configures), the
// heaviest banner locale, the tracker and the stylesheet. The preference centre is not in the
// total: a banner loads it when it is first opened. `scripts/weight.mjs` prints it on every
// `pnpm build` and fails the build over budget; weight.test.ts holds the same budgets.
import { gzipSync } from 'node:zlib';
import { type CandorConfig, SUPPORTED_LOCALES } from '@candor/config';
import { bannerFile } from '@candor/consent/loader';
import type { Bytes } from '../site/assets.ts';
import type { LoaderSources } from './node-assets.ts';
import { buildLoaderAssets } from './node-assets.ts';

/** The loader, gzip -9, for the demo config. */
export const LOADER_BUDGET = 1000;
/** Loader + heaviest banner + tracker + stylesheet, gzip -9. */
export const PAGE_BUDGET = 7000;

/** The config with every locale the banner speaks: the weight is then the worst a company can configure. */
export function everyLocale(config: CandorConfig): CandorConfig {
  return { ...config, locales: [...SUPPORTED_LOCALES] };
}

export interface Weight {
  loader: number;
  /** preferences.js, loaded when the preference centre is first opened; not in `total`. */
  preferences: number;
  /** The heaviest banner build among the config's locales. */
  banner: { file: string; bytes: number };
  tracker: number;
  css: number;
  total: number;
}

const gz = (bytes: Bytes) => gzipSync(bytes, { level: 9 }).byteLength;

export function weigh(config: CandorConfig, sources: LoaderSources): Weight {
  const { loader } = buildLoaderAssets(config, sources);
  const size = (name: string) => {
    const file = sources.files[name];
    if (!file) throw new Error(`no ${name} among the loader's sources`);
    return gz(file);
  };
  const banners = config.locales.map((l) => ({ file: bannerFile(l), bytes: size(bannerFile(l)) }));
  const banner = banners.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const weight = { loader: gz(loader.body), banner, tracker: size('tracker.js'), css: size('consent.css') };
  return {
    ...weight,
    preferences: size('preferences.js'),
    total: weight.loader + banner.bytes + weight.tracker + weight.css,
  };
}

/** One message per budget the weight exceeds; empty when it fits. */
export function overBudget(weight: Weight): string[] {
  const over: string[] = [];
  if (weight.loader > LOADER_BUDGET) over.push(`the loader is ${weight.loader} B > ${LOADER_BUDGET} B`);
  if (weight.total > PAGE_BUDGET) over.push(`the page total is ${weight.total} B > ${PAGE_BUDGET} B`);
  return over;
}

/** The report `pnpm build` prints. */
export function formatWeight(weight: Weight): string {
  const row = (name: string, bytes: number, budget?: number) =>
    `${name.padEnd(24)} ${String(bytes).padStart(5)} B gzip -9${budget ? ` of ${budget} B` : ''}`;
  return [
    row('candor.js (all locales)', weight.loader, LOADER_BUDGET),
    row(`${weight.banner.file} (heaviest)`, weight.banner.bytes),
    row('tracker.js', weight.tracker),
    row('consent.css', weight.css),
    row('page total', weight.total, PAGE_BUDGET),
    row('preferences.js (on open)', weight.preferences),
  ].join('\n');
}
