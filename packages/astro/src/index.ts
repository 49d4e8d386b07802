// `candor()`: the Astro integration that puts Google Consent Mode defaults, the consent banner and
// the cookieless tracker on every page, and hands the validated config to the components.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CandorConfig } from '@candor/config';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '@candor/config/node';
import type { AstroIntegration } from 'astro';
import { assetMiddleware, type CandorAssets, readAssets, writeAssets } from './assets.ts';
import { cspSources } from './csp.ts';
import { type GatedSources, gatedSources } from './gated-sources.ts';
import { headScript } from './head-script.ts';
import { CandorIntegrationError, type CandorOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { gatewayInput, sameOriginInput } from './page.ts';
import { VIRTUAL_CONFIG_TYPES, virtualConfigPlugin } from './virtual.ts';

export type { CandorConfig } from '@candor/config';
export type { CandorCsp } from './csp.ts';
export { CandorIntegrationError, type CandorOptions } from './options.ts';

/** The file the build writes beside the pages: the CSP sources a host must allow. */
export const CSP_FILE = 'candor-csp.json';

/**
 * @example
 * // astro.config.mjs: the gateway serves the built site (same origin), config at ./candor.config.ts
 * export default defineConfig({ integrations: [candor()] });
 * @example
 * // the gateway runs elsewhere
 * export default defineConfig({ integrations: [candor({ gateway: 'https://privacy.example.com' })] });
 */
export default function candor(options: CandorOptions = {}): AstroIntegration {
  const resolved = resolveOptions(options);
  let config: CandorConfig | null = null;
  let assets: CandorAssets | undefined;
  let script = '';
  let clientDir: URL | undefined;
  let base = '/';

  return {
    name: '@candor/astro',
    hooks: {
      'astro:config:setup': async ({ config: astro, updateConfig, injectScript, addWatchFile }) => {
        const file = configFile(resolved, fileURLToPath(astro.root));
        config = file ? await loadConfigFile(file) : null;
        if (file) addWatchFile(file);
        if (config && resolved.site && !config.sites.some((s) => s.id === resolved.site)) {
          throw new CandorIntegrationError(
            `option "site" is "${resolved.site}", but the config's sites are ${config.sites.map((s) => `"${s.id}"`).join(', ')}`,
          );
        }
        if (resolved.gateway) {
          script = headScript(gatewayInput(config, resolved.gateway, resolved.site));
        } else {
          // Checked by configFile: same-origin mode always has a config.
          if (!config) throw new CandorIntegrationError('same-origin mode needs a Candor config');
          assets = await readAssets(config);
          base = astro.base.endsWith('/') ? astro.base : `${astro.base}/`;
          script = headScript(await sameOriginInput(config, `${base}_candor/${assets.version}/`));
        }
        injectScript('head-inline', script);
        updateConfig({ vite: { plugins: [virtualConfigPlugin(config)] } });
      },
      'astro:config:done': ({ config: astro, injectTypes, buildOutput }) => {
        injectTypes({ filename: 'virtual.d.ts', content: VIRTUAL_CONFIG_TYPES });
        // A server build serves its static files from the client folder; a static build from outDir.
        clientDir = buildOutput === 'server' ? astro.build.client : undefined;
      },
      'astro:server:setup': ({ server }) => {
        if (assets) server.middlewares.use(assetMiddleware(assets, base));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(clientDir ?? dir);
        if (assets) await writeAssets(assets, outDir);
        const csp = cspSources(script, resolved.gateway, config, await builtGatedSources(outDir));
        await mkdir(outDir, { recursive: true });
        await writeFile(join(outDir, CSP_FILE), `${JSON.stringify(csp, null, 2)}\n`);
        logger.info(`wrote ${CSP_FILE}; send pages with this header (or add your own sources to it):`);
        logger.info(`Content-Security-Policy: ${csp.header}`);
      },
    },
  };
}

/** The gated sources of every page the build wrote (see gated-sources.ts). */
async function builtGatedSources(outDir: string): Promise<GatedSources> {
  const all: GatedSources = { scriptSrc: [], frameSrc: [] };
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const page = gatedSources(await readFile(join(entry.parentPath, entry.name), 'utf8'));
    all.scriptSrc.push(...page.scriptSrc);
    all.frameSrc.push(...page.frameSrc);
  }
  return all;
}

/**
 * `options.config` (relative to the project root), else `./candor.config.ts` if the project has one.
 * @throws CandorIntegrationError when the named file is missing, or when same-origin mode has none.
 */
function configFile(options: ResolvedOptions, root: string): string | undefined {
  if (options.config !== undefined) {
    const file = resolve(root, options.config);
    if (!existsSync(file)) throw new CandorIntegrationError(`option "config": no file at ${file}`);
    return file;
  }
  const fallback = resolve(root, DEFAULT_CONFIG_FILE);
  if (existsSync(fallback)) return fallback;
  if (options.gateway) return undefined;
  throw new CandorIntegrationError(
    `no Candor config: add ${DEFAULT_CONFIG_FILE} to the project root (${fallback}), name it with candor({ config: './path/to/candor.config.ts' }), ` +
      `or load the banner from a gateway on another origin with candor({ gateway: 'https://privacy.example.com' })`,
  );
}
