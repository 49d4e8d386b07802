// The validated Candor config, loaded once when the site is built. Every factual statement about
// cookies, retention and contacts on the site comes from here, so the policy cannot drift from the code.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CandorConfig } from '@candor/config';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '@candor/config/node';

/**
 * `CANDOR_CONFIG` if set (relative to where the command was started), else `candor.config.ts` at the
 * workspace root. The root is found from the working directory, not from `import.meta.url`: Astro
 * bundles this module into its build output, so its own location says nothing about the repository.
 */
function configPath(): string {
  const fromEnv = process.env.CANDOR_CONFIG;
  if (fromEnv) return resolve(process.env.INIT_CWD ?? process.cwd(), fromEnv);
  return join(workspaceRoot(process.cwd()), DEFAULT_CONFIG_FILE);
}

function workspaceRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(start, '..');
    dir = parent;
  }
  return dir;
}

export const config: CandorConfig = await loadConfigFile(configPath());

/** The site's language: the first configured locale. */
export const lang = config.locales[0] ?? 'en';
