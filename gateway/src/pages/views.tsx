import type { CandorConfig } from '@candor/config';
import {
  DEADLINES,
  formatDate,
  isoDate,
  POLICY_SECTIONS,
  type PolicyLinks,
  policyPromises,
  renderAutomaticCollection,
  renderChangelog,
  renderContact,
  renderCookieCategories,
  renderCookieNotes,
  renderCookieSettings,
  renderCookieTable,
  renderMailingLists,
  renderPromiseSummary,
  renderRequestForm,
  renderRetentionTable,
  renderYourRights,
} from '@candor/policy';
import { raw } from 'hono/html';
import { PageHeader } from './layout.tsx';
import type { PolicyProse } from './prose.ts';

// The bodies of Candor's own pages. Every generated section comes from @candor/policy, the same
// renderers the Astro site uses; `raw` is safe on them because they escape every config value.

export interface ViewProps {
  config: CandorConfig;
  links: PolicyLinks;
}

/** The page title and prose of /privacy: the policy file's, or a short generic intro. */
export function privacyTitle(prose: PolicyProse | undefined): string {
  return prose?.title ?? 'Privacy policy';
}

export function PrivacyView({ config, links, prose }: ViewProps & { prose: PolicyProse | undefined }) {
  const lang = config.locales[0] ?? 'en';
  const S = POLICY_SECTIONS;
  const toc = [...(prose?.headings ?? []), ...Object.values(S)];
  return (
    <>
      <PageHeader title={privacyTitle(prose)}>
        <p class="policy-meta">
          {prose?.lastUpdated && (
            <>
              Last updated <time datetime={isoDate(prose.lastUpdated)}>{formatDate(prose.lastUpdated, lang)}</time> ·{' '}
            </>
          )}
          Revision <span class="nowrap">{config.policy.revision}</span> · <a href={`#${S.changes.id}`}>What changed</a>
        </p>
        {prose?.description && <p class="lead">{prose.description}</p>}
      </PageHeader>
      <div class="container">
        {raw(renderPromiseSummary(policyPromises(links)))}
        <nav class="toc" aria-labelledby="toc-title">
          <h2 id="toc-title">On this page</h2>
          <ol>
            {toc.map((entry) => (
              <li>
                <a href={`#${entry.id}`}>{entry.title}</a>
              </li>
            ))}
          </ol>
        </nav>
        <article class="policy prose">
          {prose ? (
            raw(prose.html)
          ) : (
            <p>
              This policy explains how {config.company.legalName} handles personal data on this website, in our emails
              and when you use your privacy rights. The sections below are generated from the settings our systems
              enforce, so they always describe what actually happens.
            </p>
          )}
          {raw(renderAutomaticCollection(config, links))}
          {raw(renderCookieCategories(config, links))}
          {raw(renderMailingLists(config, links))}
          {raw(renderRetentionTable(config.retention, links))}
          {raw(renderYourRights(links))}
          {raw(renderContact(config.company))}
          {raw(renderChangelog(prose?.changelog ?? [], lang))}
        </article>
      </div>
    </>
  );
}

export function CookiesView({ config, links }: ViewProps) {
  return (
    <>
      <PageHeader title="Cookies">
        <p class="lead">
          This is the complete list of cookies our website can set. Strictly necessary cookies are always on; every
          other category stays off until you allow it, and its tools are not loaded before then.
        </p>
      </PageHeader>
      <div class="container">
        {raw(renderCookieTable(config))}
        {raw(renderCookieNotes(config, links))}
        {raw(renderCookieSettings(config))}
      </div>
    </>
  );
}

/** The form posts to the JSON API's route, which answers a urlencoded post with a page. */
export const REQUEST_FORM_ACTION = '/api/privacy-requests';

export function RequestsView({ config, links }: ViewProps) {
  const { privacyContact } = config.company;
  const { jurisdiction } = config.privacyRequests;
  return (
    <>
      <PageHeader title="Your privacy rights">
        <p class="lead">
          You can ask us at any time what we hold about you and what should happen to it. We answer{' '}
          {DEADLINES[jurisdiction]}.
        </p>
      </PageHeader>
      <div class="container">
        {raw(renderRequestForm({ action: REQUEST_FORM_ACTION, jurisdiction, locale: config.locales[0] ?? 'en' }))}
        <h2>What happens next</h2>
        <ol>
          <li>
            We email you a link to confirm that the request comes from you. It is valid for 24 hours; nothing happens
            until you confirm.
          </li>
          <li>Once you confirm, we send you a reference and the date by which we answer.</li>
          <li>
            The person responsible for privacy at {config.company.name} handles it. It is not shared with sales or
            marketing.
          </li>
          <li>
            We answer {DEADLINES.gdpr} of receiving your request ({DEADLINES.ccpa} if you live in California). If a
            request is complex, we may need longer once, and we tell you why before the deadline.
          </li>
        </ol>
        <p>
          You can also write to <a href={`mailto:${privacyContact}?subject=Privacy%20request`}>{privacyContact}</a>.
          Please write from the address the request is about. More about how we handle data is in our{' '}
          <a href={links.privacy}>privacy policy</a>.
        </p>
      </div>
    </>
  );
}
