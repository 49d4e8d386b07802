import { formatDate, isoDate } from './format.ts';
import { html } from './html.ts';
import { POLICY_SECTIONS, type SectionHeading } from './links.ts';
import { policySection } from './section.ts';

export interface ChangelogEntry {
  date: Date;
  summary: string;
}

/** "Changes to this policy": the front matter's change log, newest first. */
export function renderChangelog(
  changelog: readonly ChangelogEntry[],
  lang: string,
  heading: SectionHeading = POLICY_SECTIONS.changes,
): string {
  const entries = [...changelog].sort((a, b) => b.date.getTime() - a.date.getTime());
  return policySection(
    heading,
    html`<p>
    When we change this policy, we update the date at the top of the page and add a line here. When a change affects
    what you agreed to, the cookie banner asks for your choice again.
  </p>
  <ol class="changelog" role="list">${entries.map(
    (entry) => html`
    <li>
      <time datetime="${isoDate(entry.date)}">${formatDate(entry.date, lang)}</time>
      <p>${entry.summary}</p>
    </li>`,
  )}
  </ol>`,
  ).value;
}
