import { type CandorConfig, formatDays } from '@candor/config';
import { COLLECTED } from '@candor/definitions';
import { escapeHtml, html, raw } from './html.ts';
import { POLICY_SECTIONS, type PolicyLinks, type SectionHeading } from './links.ts';
import { keptBy, policySection } from './section.ts';

/** How the page address is kept, for `{pageAddress}` in `COLLECTED`: the query string goes, bar what the config keeps. */
export function pageAddressText(keepQueryParams: readonly string[]): string {
  const kept = keepQueryParams.filter((name) => !name.startsWith('utm_'));
  return kept.length === 0 ? 'without its query string' : `without its query string, except for ${kept.join(', ')}`;
}

/** "What we collect automatically": the `<dl>` is generated from `COLLECTED`, so a new column cannot go unmentioned. */
export function renderAutomaticCollection(
  config: CandorConfig,
  links: PolicyLinks,
  heading: SectionHeading = POLICY_SECTIONS.collected,
): string {
  const { respectGpc, respectDnt, keepQueryParams } = config.analytics;
  const optOutSignals = [respectGpc && 'Global Privacy Control', respectDnt && 'Do Not Track']
    .filter(Boolean)
    .join(' or ');
  const pageAddress = escapeHtml(pageAddressText(keepQueryParams));
  const facts = COLLECTED.map(
    (item) =>
      html`<dt>${item.label}</dt><dd>${raw(escapeHtml(item.text).replaceAll('{pageAddress}', pageAddress))}</dd>`,
  );
  return policySection(
    heading,
    html`<p>Like every website, ours receives some information from your browser whether we ask or not. Our own visit
    statistics use it as follows, and only ever in aggregate: how many people read a page, not who did.</p>
<dl class="facts">${facts}</dl>
<p>Nothing links this information to a person. To count a returning visitor once per day, your IP address and
    browser are combined with a random value that exists only in our server's memory, is replaced every day and is
    destroyed within 48 hours. Our own statistics set no cookies and store nothing on your device. The anonymous
    statistics are kept for ${formatDays(config.retention.analyticsEventsDays)}.</p>
${optOutSignals && html`<p>If your browser sends a ${optOutSignals} signal, we do not count your visit at all.</p>`}
${keptBy(html`the statistics run on our own server, not a third party's. The <a href="${links.cookies}">cookie list</a> shows
    that they need no cookie; Google Analytics is separate and runs only if you allow
    <a href="#${POLICY_SECTIONS.cookies.id}">analytics cookies</a>.`)}`,
  ).value;
}
