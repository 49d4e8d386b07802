import type { CandorConfig } from '@candor/config';

/**
 * Why the policy's prose cannot be published with this config, or undefined. A policy that
 * describes another revision than the one the banner asks consent for would make every recorded
 * consent questionable, so the site's build and the gateway's start both stop on it.
 */
export function policyRevisionProblem(revision: string, config: CandorConfig, file: string): string | undefined {
  if (revision === config.policy.revision) return undefined;
  return (
    `policy revision in ${file} (${revision}) differs from candor.config policy.revision (${config.policy.revision}). ` +
    'Update the policy text and its revision together.'
  );
}
