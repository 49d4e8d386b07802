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
