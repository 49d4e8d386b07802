// The generated sections of the privacy page, for <PolicySections>: one renderer per
// POLICY_SECTIONS key, so the page order and the ids are @candor/policy's.
import type { CandorConfig } from '@candor/config';
import {
  type ChangelogEntry,
  POLICY_SECTIONS,
  type PolicyLinks,
  renderAutomaticCollection,
  renderChangelog,
  renderContact,
  renderCookieCategories,
  renderMailingLists,
  renderRetentionTable,
  renderYourRights,
} from '@candor/policy';

export type PolicySectionKey = keyof typeof POLICY_SECTIONS;

export interface SectionInput {
  config: CandorConfig;
  links: PolicyLinks;
  changelog: readonly ChangelogEntry[];
  lang: string;
}

const RENDER: Record<PolicySectionKey, (input: SectionInput) => string> = {
  collected: ({ config, links }) => renderAutomaticCollection(config, links),
  cookies: ({ config, links }) => renderCookieCategories(config, links),
  email: ({ config, links }) => renderMailingLists(config, links),
  retention: ({ config, links }) => renderRetentionTable(config.retention, links),
  rights: ({ links }) => renderYourRights(links),
  contact: ({ config }) => renderContact(config.company),
  changes: ({ changelog, lang }) => renderChangelog(changelog, lang),
};

/** The chosen sections (all by default), always in page order, as one HTML string. */
export function renderPolicySections(input: SectionInput, only?: readonly PolicySectionKey[]): string {
  const keys = Object.keys(POLICY_SECTIONS) as PolicySectionKey[];
  for (const key of only ?? []) {
    if (!keys.includes(key)) {
      throw new Error(`<PolicySections>: unknown section "${key}"; the sections are ${keys.join(', ')}.`);
    }
  }
  return keys
    .filter((key) => !only || only.includes(key))
    .map((key) => RENDER[key](input))
    .join('\n');
}
