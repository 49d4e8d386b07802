import type { CandorConfig } from '@candor/config';
import { html } from './html.ts';
import { POLICY_SECTIONS, type SectionHeading } from './links.ts';
import { policySection } from './section.ts';

/** "Contact": the controller, from `config.company`. */
export function renderContact(
  company: CandorConfig['company'],
  heading: SectionHeading = POLICY_SECTIONS.contact,
): string {
  return policySection(
    heading,
    html`<p>The controller responsible for your data on this website is:</p>
  <address class="card contact-card">
    <strong>${company.legalName}</strong><br />
    ${company.address}<br />
    Email: <a href="mailto:${company.privacyContact}">${company.privacyContact}</a>
  </address>
  <p>Write to us about anything in this policy. A person reads every message.</p>`,
  ).value;
}
