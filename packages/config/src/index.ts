import type { z } from 'zod';
import { type CandorConfig, type CandorConfigInput, candorConfigSchema } from './schema.ts';

export * from './banner.ts';
export * from './catalog/index.ts';
export * from './inventory.ts';
export * from './schema.ts';

/** Thrown when a config does not validate; the message names every bad field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Identity helper that gives `candor.config.ts` type checking and completion. */
export function defineConfig(config: CandorConfigInput): CandorConfigInput {
  return config;
}

/**
 * Validates a raw config object and fills in defaults.
 * @param source where the config came from, used in the error message.
 * @throws ConfigError naming each invalid field, e.g. `consent.expiryDays: Too big: …`.
 */
export function parseConfig(raw: unknown, source = 'config'): CandorConfig {
  const result = candorConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(`Invalid Candor config in ${source}:\n${formatIssues(result.error.issues)}`);
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .flatMap((issue) => {
      // An unknown key is most often a typo: name the key itself as the bad field.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => line([...issue.path, key], 'unknown field (check the spelling)'));
      }
      return [line(issue.path, issue.message)];
    })
    .join('\n');
}

function line(path: readonly PropertyKey[], message: string): string {
  return `  - ${path.length ? path.map(String).join('.') : '(root)'}: ${message}`;
}

/** The site that accepts events for `hostname`, if any. */
export function siteForHostname(config: CandorConfig, hostname: string) {
  return config.sites.find((site) => site.hostnames.includes(hostname));
}
