import type { CandorConfig } from '@candor/config';
import { html } from './html.ts';
import { POLICY_SECTIONS, type PolicyLinks, type SectionHeading, withFragment } from './links.ts';
import { keptBy, policySection } from './section.ts';

/** "Emails and unsubscribing": the configured mailing lists, and how unsubscribing works. */
export function renderMailingLists(
  config: CandorConfig,
  links: PolicyLinks,
  heading: SectionHeading = POLICY_SECTIONS.email,
): string {
  const { mailingLists, company, webhooks } = config;
  const passedOn = webhooks.some((w) => w.events.includes('unsubscribe.created'));
  const lists =
    mailingLists.length > 0
      ? html`<p>We send marketing email only to people who asked for it, on these lists:</p>
  <ul>${mailingLists.map(
    (list) => html`
    <li><strong>${list.name}</strong>: ${list.description}</li>`,
  )}
  </ul>`
      : html`<p>We do not send marketing email.</p>`;
  return policySection(
    heading,
    html`${lists}
  <p>
    Every email we send has an unsubscribe link. It opens a page where one button unsubscribes you from that list,
    or from all our email: no sign-in, no password. The unsubscribe button that many mail apps show works too, and
    so does a note to
    <a href="mailto:${company.privacyContact}">${company.privacyContact}</a>.
  </p>
  <p>
    Once you unsubscribe, or if your data cannot be deleted, we keep only a coded fingerprint of your address on a
    do-not-mail list. It cannot be turned back into your address, but it stops a later import from mailing you again.
  </p>
  ${keptBy(
    html`the unsubscribe link is handled by our own server, which records the choice at once${
      passedOn ? ' and passes it on to our email tools within seconds' : ''
    }. You can also <a href="${withFragment(links.requests, 'object')}">object to all direct marketing</a>.`,
  )}`,
  ).value;
}
