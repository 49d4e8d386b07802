import { html } from './html.ts';
import { POLICY_SECTIONS, type PolicyLinks, type SectionHeading, withFragment } from './links.ts';
import { keptBy, policySection } from './section.ts';

/** The request types the gateway accepts at POST /api/privacy-requests. */
export type RightId = 'access' | 'rectify' | 'erase' | 'restrict' | 'port' | 'object';

export interface Right {
  id: RightId;
  title: string;
  summary: string;
}

/** Your rights under the GDPR (Articles 15 to 21), in the order a visitor usually needs them. */
export const RIGHTS: readonly Right[] = [
  {
    id: 'access',
    title: 'Know what we hold',
    summary: 'Ask for a copy of the personal data we hold about you and how we use it.',
  },
  { id: 'rectify', title: 'Correct it', summary: 'Have anything inaccurate or incomplete put right.' },
  {
    id: 'erase',
    title: 'Delete it',
    summary:
      'Have your data erased. Where the law makes us keep something, we keep only that, and mark your address so that no further marketing reaches it.',
  },
  {
    id: 'restrict',
    title: 'Restrict it',
    summary: 'Have us keep your data but stop using it while a question is settled.',
  },
  {
    id: 'port',
    title: 'Take it with you',
    summary: 'Receive the data you gave us in portable files, as CSV and JSON, to move to another service.',
  },
  {
    id: 'object',
    title: 'Object to direct marketing',
    summary: 'Tell us to stop all marketing to you. We stop, with no questions asked and no exceptions.',
  },
];

/** GDPR Article 12(3): one month, extendable by two more for complex requests (we tell you why). */
export const ANSWER_DEADLINE = 'within one month';

/** Whose deadline applies: the GDPR's, or the CCPA's for someone living in California. */
export type Jurisdiction = 'gdpr' | 'ccpa';

/** GDPR Art. 12(3): one month; CCPA § 1798.130(a)(2): 45 days. Each extendable once, with a reason. */
export const DEADLINES: Readonly<Record<Jurisdiction, string>> = {
  gdpr: 'within one month',
  ccpa: 'within 45 days',
};

/** "Your rights": each right links to its choice on the request form. */
export function renderYourRights(links: PolicyLinks, heading: SectionHeading = POLICY_SECTIONS.rights): string {
  return policySection(
    heading,
    html`<p>Under the GDPR you have these rights over your personal data. Using them is free.</p>
  <ul class="rights-list" role="list">${RIGHTS.map(
    (right) => html`
    <li>
      <a href="${withFragment(links.requests, right.id)}"><strong>${right.title}</strong></a>
      <span>${right.summary}</span>
    </li>`,
  )}
  </ul>
  <p>
    We answer ${ANSWER_DEADLINE}. If a request is unusually complex we may need up to two more months; we will tell
    you why within the first month.
  </p>
  ${keptBy(html`<a href="${links.requests}">privacy requests</a> go straight to the person responsible, with the deadline
    tracked from the day you confirm your email address. Data exports are produced as CSV and JSON.`)}`,
  ).value;
}
