// Stand-in builds for route tests: small, distinct files, so the tests do not depend on `pnpm build`.
import type { CandorConfig } from '@candor/config';
import { assetExports } from '@candor/consent/loader/assets';
import type { LoaderSources } from './node-assets.ts';

/** A template that, like the real build, names the placeholder once. */
export const TEST_TEMPLATE = '(function(s){window.candorTestSettings=s})(__CANDOR_SETTINGS__);';

export function testLoaderSources(config: CandorConfig): LoaderSources {
  const encoder = new TextEncoder();
  const files: LoaderSources['files'] = {};
  // Repetitive text, so each compresses and gets gzip and brotli variants.
  for (const name of Object.keys(assetExports(config.locales)))
    files[name] = encoder.encode(`/* ${name} */ `.repeat(50));
  return { template: TEST_TEMPLATE, files };
}
