import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createJiti } from 'jiti';
import { type CandorConfig, ConfigError, parseConfig } from './index.ts';

export const DEFAULT_CONFIG_FILE = 'candor.config.ts';

/**
 * Loads and validates `candor.config.ts`, `.js`, `.mjs` or `.json`.
 * @throws ConfigError when the file is missing, does not load, or does not validate.
 */
export async function loadConfigFile(path: string): Promise<CandorConfig> {
  const file = resolve(path);
  try {
    await access(file);
  } catch {
    throw new ConfigError(`Candor config not found at ${file} (set CANDOR_CONFIG to its path)`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(await readFile(file, 'utf8')) : await importModule(file);
  } catch (error) {
    throw new ConfigError(`Candor config ${file} could not be loaded: ${(error as Error).message}`);
  }
  const config = parseConfig(raw, file);
  const { policyFile } = config.pages;
  if (policyFile !== undefined) {
    // Relative to the config file, so the gateway and the site find the same file from any directory.
    const prose = resolve(dirname(file), policyFile);
    try {
      await access(prose);
    } catch {
      throw new ConfigError(`Invalid Candor config in ${file}:\n  - pages.policyFile: no file at ${prose}`);
    }
    config.pages.policyFile = prose;
  }
  return config;
}

async function importModule(file: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  const mod = await jiti.import<{ default?: unknown }>(file);
  return mod.default ?? mod;
}
