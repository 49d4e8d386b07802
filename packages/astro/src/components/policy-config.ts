// The config the policy components render from, and where their links lead by default.
import type { CandorConfig } from '@candor/config';
import type { PolicyLinks } from '@candor/policy';

/** The config, or a build error that says how to provide one. */
export function requireConfig(component: string, config: CandorConfig | null): CandorConfig {
  if (config) return config;
  throw new Error(
    `<${component}> renders from the Candor config, but the candor() integration has none: pass candor({ config: './candor.config.ts' }) in astro.config.mjs, or add candor.config.ts at the project root.`,
  );
}

/** The config's `pages` (gateway paths or the company's own URLs), with any the caller overrides. */
export function policyLinks(config: CandorConfig, links: Partial<PolicyLinks> = {}): PolicyLinks {
  const { pages } = config;
  return {
    privacy: links.privacy ?? pages.privacy,
    cookies: links.cookies ?? pages.cookies,
    requests: links.requests ?? pages.requests,
  };
}
