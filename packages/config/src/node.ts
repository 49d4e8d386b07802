import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
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
  return parseConfig(raw, file);
}

async function importModule(file: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  const mod = await jiti.import<{ default?: unknown }>(file);
  return mod.default ?? mod;
}
