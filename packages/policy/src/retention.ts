import { formatDays, type Retention } from '@candor/config';
import { html } from './html.ts';
import { POLICY_SECTIONS, type PolicyLinks, type SectionHeading, withFragment } from './links.ts';
import { keptBy, policySection } from './section.ts';

interface RetentionLabel {
  /** What is kept, in the visitor's words. */
  label: string;
  /** Why it is kept that long. */
  reason: string;
}

/** One entry per retention setting: adding a setting to the config schema without a label here is a type error. */
export const RETENTION_LABELS: Record<keyof Retention, RetentionLabel> = {
  consentRecordsDays: {
    label: 'Consent records',
    reason: 'Proof of the cookie choice you made, in case you or a regulator ask for it.',
  },
  analyticsEventsDays: {
    label: 'Anonymous visit statistics',
    reason: 'Year-on-year comparisons. They identify nobody.',
  },
  completedRequestsDays: {
    label: 'Answered privacy requests',
    reason: 'To show that we answered your request, and how.',
  },
  unverifiedRequestsDays: {
    label: 'Privacy requests never confirmed by email',
    reason: 'Time for you to click the confirmation link; after that they are deleted.',
  },
  exportPackageDays: {
    label: 'Your data export (CSV and JSON)',
    reason: 'Time for you to download it.',
  },
  loginLogDays: {
    label: 'Staff sign-in log',
    reason: 'Spotting misuse of staff accounts.',
  },
  auditLogDays: {
    label: 'Audit trail of staff changes',
    reason: 'Who changed what and when, for accountability.',
  },
  deliveredWebhooksDays: {
    label: 'Messages to our email and CRM tools',
    reason: 'Retrying a delivery that failed, e.g. an unsubscribe passed on to our email service.',
  },
  sentMailDays: {
    label: 'Emails about your privacy request',
    reason: 'A log that they went out. Address and text are deleted as soon as an email is sent.',
  },
};

export interface RetentionRow extends RetentionLabel {
  key: keyof Retention;
  period: string;
}

/** The retention table, in the order the labels are declared. */
export function retentionRows(retention: Retention): RetentionRow[] {
  return (Object.keys(RETENTION_LABELS) as (keyof Retention)[]).map((key) => ({
    key,
    ...RETENTION_LABELS[key],
    period: formatDays(retention[key]),
  }));
}

/** "How long we keep data": the retention table, generated from the settings the server enforces. */
export function renderRetentionTable(
  retention: Retention,
  links: PolicyLinks,
  heading: SectionHeading = POLICY_SECTIONS.retention,
): string {
  const { id } = heading;
  const rows = retentionRows(retention).map(
    (row) => html`
        <tr>
          <th scope="row">${row.label}</th>
          <td class="nowrap">${row.period}</td>
          <td>${row.reason}</td>
        </tr>`,
  );
  return policySection(
    heading,
    html`<p>We keep data only as long as we need it. Then we delete it, or make it anonymous for good.</p>
  <div class="table-scroll" role="region" aria-labelledby="${id}-caption" tabindex="0">
    <table>
      <caption id="${id}-caption">How long we keep each kind of record</caption>
      <thead>
        <tr>
          <th scope="col">Record</th>
          <th scope="col" class="nowrap">Kept for</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>${rows}
      </tbody>
    </table>
  </div>
  ${keptBy(html`our server deletes expired records automatically, on the schedule in this table, which is generated from the
    same settings the server uses. Backups age out on a fixed schedule too. You can
    <a href="${withFragment(links.requests, 'erase')}">ask us to delete your data sooner</a>.`)}`,
  ).value;
}
