// `pnpm build`'s last step: prints what a company's page loads from the gateway (gzip -9) and fails
// the build when the loader or the page total is over budget (gateway/src/loader/weight.ts).
// The gateway's TypeScript is loaded with jiti, which the gateway already depends on.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const gatewayRequire = createRequire(new URL('../gateway/package.json', import.meta.url));
const { createJiti } = gatewayRequire('jiti');
const jiti = createJiti(fileURLToPath(new URL('../gateway/src/', import.meta.url)));

const { loadConfigFile } = await jiti.import('@candor/config/node');
const { readLoaderSources } = await jiti.import('./loader/node-assets.ts');
const { everyLocale, formatWeight, overBudget, weigh } = await jiti.import('./loader/weight.ts');

const demo = await loadConfigFile(fileURLToPath(new URL('../candor.config.ts', import.meta.url)));
// Every locale the banner speaks: the heaviest counts, whatever a company configures.
const config = everyLocale(demo);
const weight = weigh(config, await readLoaderSources(config));
console.log(`What a page loads from the gateway:\n${formatWeight(weight)}`);
const over = overBudget(weight);
if (over.length > 0) {
  console.error(`Candor is over its weight budget: ${over.join('; ')} (gzip -9).`);
  process.exit(1);
}
