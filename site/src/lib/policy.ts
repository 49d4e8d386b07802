import { getEntry } from 'astro:content';
import type { CandorConfig } from '@candor/config';

/**
 * The privacy policy prose, checked against the config. A policy that describes another revision
 * than the one the banner asks consent for would make every recorded consent questionable, so
 * the build stops instead.
 */
export async function getPrivacyPolicy(config: CandorConfig) {
  const entry = await getEntry('policy', 'privacy');
  if (!entry) throw new Error('src/content/policy/privacy.md is missing: the /privacy page cannot be built');
  const { revision } = entry.data;
  if (revision !== config.policy.revision) {
    throw new Error(
      `policy revision in privacy.md (${revision}) differs from candor.config policy.revision (${config.policy.revision}). ` +
        'Update the policy text and its revision together.',
    );
  }
  return entry;
}
