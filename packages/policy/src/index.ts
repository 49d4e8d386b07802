// The generated sections of Candor's privacy policy and cookie page, as HTML strings built from a
// Candor config. The Astro site and the gateway's own pages both render them, so each section has
// one implementation. Every config value is escaped.

export { renderCookieCategories } from './categories.ts';
export { type ChangelogEntry, renderChangelog } from './changelog.ts';
export { pageAddressText, renderAutomaticCollection } from './collected.ts';
export { renderContact } from './contact.ts';
export { renderCookieNotes, renderCookieSettings } from './cookie-page.ts';
export { type CookieRow, cookieRows, emptyCookieCategories, readablePattern, renderCookieTable } from './cookies.ts';
export { formatDate, isoDate } from './format.ts';
export { escapeHtml, Html, type HtmlValue, html, raw, safeHref } from './html.ts';
export { DEFAULT_LINKS, POLICY_SECTIONS, type PolicyLinks, type SectionHeading, withFragment } from './links.ts';
export { renderMailingLists } from './mailing-lists.ts';
export { type PolicyPromise, policyPromises, renderPromiseSummary } from './promises.ts';
export { REQUEST_TEXT_MAX, type RequestFormOptions, renderRequestForm } from './request-form.ts';
export { RETENTION_LABELS, type RetentionRow, renderRetentionTable, retentionRows } from './retention.ts';
export { policyRevisionProblem } from './revision.ts';
export {
  ANSWER_DEADLINE,
  DEADLINES,
  type Jurisdiction,
  RIGHTS,
  type Right,
  type RightId,
  renderYourRights,
} from './rights.ts';
