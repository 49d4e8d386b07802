import { getEntry } from 'astro:content';
import type { CandorConfig } from '@candor/config';
import { DEFAULT_LINKS, type PolicyLinks, policyRevisionProblem } from '@candor/policy';

/** Where the generated sections link: this site's own pages, whatever the gateway's config maps them to. */
export const SITE_LINKS: PolicyLinks = DEFAULT_LINKS;

/**
 * The privacy policy prose, checked against the config. The gateway makes the same check on the
 * same file at start-up (`policyRevisionProblem`), so the build stops instead of publishing it.
 */
export async function getPrivacyPolicy(config: CandorConfig) {
  const entry = await getEntry('policy', 'privacy');
  if (!entry) throw new Error('src/content/policy/privacy.md is missing: the /privacy page cannot be built');
  const problem = policyRevisionProblem(entry.data.revision, config, 'privacy.md');
  if (problem) throw new Error(problem);
  return entry;
}
