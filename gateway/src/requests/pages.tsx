import type { CandorConfig } from '@candor/config';
import type { Child } from 'hono/jsx';
import { fnv1a } from '../admin/style.ts';
import { PublicPage } from '../public-page.tsx';
import type { Jurisdiction, PrivacyRequest, RequestType } from '../store/records.ts';
import { PAGE_CSS as EMAIL_PAGE_CSS } from '../unsubscribe/pages.tsx';
import type { FieldError } from './intake.ts';

// The gateway's own privacy-request pages: the answer to a form posted without JavaScript, and the
// verification link's confirm page. Self-contained like the email preference pages (whose look
// they share): one same-origin stylesheet, no script, no third-party request.
export const PAGE_CSS = `${EMAIL_PAGE_CSS}
.errors{border-left:4px solid #b3261e;background:#fdf0ef;padding:.75rem 1rem;margin:0 0 1rem}
.errors ul{margin:.25rem 0 0;padding-left:1.25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}
dt{color:var(--muted)}
dd{margin:0;font-weight:600}
dd.text{font-weight:400;white-space:pre-wrap;overflow-wrap:anywhere}
`;

export const PAGE_CSS_PATH = `/privacy-requests/assets/page.${fnv1a(PAGE_CSS)}.css`;

/** A privacy-request page of the gateway (confirmation, answers to form posts, download). */
export function Page({ config, title, children }: { config: CandorConfig; title: string; children?: Child }) {
  return (
    <PublicPage config={config} title={title} section="privacy requests" stylesheet={PAGE_CSS_PATH}>
      {children}
    </PublicPage>
  );
}

const FORM_PATH = '/privacy/requests';

/** What each request type is called on these pages. */
export const TYPE_NAMES: Record<RequestType, string> = {
  access: 'A copy of your data',
  rectify: 'Correct your data',
  erase: 'Delete your data',
  restrict: 'Restrict the use of your data',
  port: 'Your data in portable files',
  object: 'Stop direct marketing',
};

/** Field names as the form labels them, for the error list. */
const FIELD_NAMES: Record<string, string> = {
  type: 'What you want us to do',
  email: 'Email address',
  details: 'Details',
  rectification: 'What is wrong and what it should say',
  jurisdiction: 'Where you live',
  locale: 'Language',
};

function Contact({ config }: { config: CandorConfig }) {
  const { privacyContact } = config.company;
  return (
    <p class="muted">
      Questions? Write to <a href={`mailto:${privacyContact}`}>{privacyContact}</a>.
    </p>
  );
}

/**
 * The answer to every valid form post, whatever happened behind it (a new request, a repeat, a
 * flooded address, a bot): the same bytes each time, so it tells nobody whether an address is known.
 */
export function ReceivedPage({ config }: { config: CandorConfig }) {
  return (
    <Page config={config} title="Check your email">
      <h1>Check your email</h1>
      <p class="notice" role="status">
        Thank you. If the address is right, we have sent you an email with a link to confirm your request.
      </p>
      <p>
        Open the link within 24 hours: it is valid for 24 hours, and nothing happens until you confirm. Once you do, we
        send you a reference and the date by which we answer.
      </p>
      <p>
        Nothing arrived after a few minutes? Check your spam folder, or <a href={FORM_PATH}>send the form again</a>.
      </p>
      <Contact config={config} />
    </Page>
  );
}

/** A form post with errors (the site's form is static, so the errors come back on a page of their own). */
export function FormErrorsPage({ config, errors }: { config: CandorConfig; errors: readonly FieldError[] }) {
  return (
    <Page config={config} title="Please check the form">
      <h1>Please check the form</h1>
      <div class="errors" role="alert">
        <p>Your request was not sent:</p>
        <ul>
          {errors.map((e) => (
            <li>
              {FIELD_NAMES[e.field] ?? e.field}: {e.message}
            </li>
          ))}
        </ul>
      </div>
      <p>
        <a href={FORM_PATH}>Go back to the form</a> (your browser's Back button keeps what you typed).
      </p>
      <Contact config={config} />
    </Page>
  );
}

/** The per-client limit, for a form post. */
export function TooManyPage({ config }: { config: CandorConfig }) {
  return (
    <Page config={config} title="Too many requests">
      <h1>Too many requests</h1>
      <p>
        We received several requests from your connection in the last hour, so we did not send this one. Please try
        again in an hour.
      </p>
      <Contact config={config} />
    </Page>
  );
}

/** Where the requester lives, as the form asks it, with the deadline it sets. */
export const JURISDICTION_NAMES: Record<Jurisdiction, string> = {
  gdpr: 'In the EU, the UK or elsewhere: we answer within one month',
  ccpa: 'In California: we answer within 45 days',
};

/** The languages our emails come in, in their own words. */
const LOCALE_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch' };

/**
 * What `GET /privacy-requests/verify/:token` shows: everything the request will be confirmed with
 * (the latest submission's content), and a button that confirms exactly that (`version`). Nothing
 * changes until it is pressed. `changed`: a repeat submission changed the request since the page
 * the requester confirmed was shown.
 */
export function ConfirmPage({
  config,
  action,
  request,
  maskedEmail,
  version,
  changed = false,
}: {
  config: CandorConfig;
  action: string;
  request: Pick<PrivacyRequest, 'type' | 'jurisdiction' | 'locale' | 'details' | 'rectification'>;
  maskedEmail: string;
  version: string;
  changed?: boolean;
}) {
  return (
    <Page config={config} title="Confirm your privacy request">
      <h1>Confirm your privacy request</h1>
      {changed && (
        <div class="errors" role="alert">
          <p>
            This request was changed after you opened the page: someone sent the form again for this address. Nothing is
            confirmed yet. Check what it says now, and confirm only if it is what you want.
          </p>
        </div>
      )}
      <dl>
        <dt>Request</dt>
        <dd>{TYPE_NAMES[request.type]}</dd>
        <dt>For</dt>
        <dd>{maskedEmail}</dd>
        <dt>Where you live</dt>
        <dd>{JURISDICTION_NAMES[request.jurisdiction]}</dd>
        <dt>Language of our emails</dt>
        <dd>{LOCALE_NAMES[request.locale] ?? request.locale}</dd>
        {request.rectification !== null && (
          <>
            <dt>What is wrong and what it should say</dt>
            <dd class="text">{request.rectification}</dd>
          </>
        )}
        <dt>Details</dt>
        <dd class={request.details === null ? 'muted' : 'text'}>{request.details ?? 'None given'}</dd>
      </dl>
      <p>
        Press the button to confirm that this request comes from you, as it stands above. We start work once it is
        confirmed. If something is wrong, do not confirm: <a href={FORM_PATH}>send the form again</a> with the right
        details, then open the link in our latest email about it.
      </p>
      <form method="post" action={action}>
        <input type="hidden" name="content" value={version} />
        <button type="submit">Confirm my request</button>
      </form>
      <p class="muted">Did not ask for this? Close this page: nothing happens without a confirmation.</p>
    </Page>
  );
}

/** After a confirmation: the reference to quote and the date we answer by. */
export function ConfirmedPage({
  config,
  reference,
  type,
  dueDate,
}: {
  config: CandorConfig;
  reference: string;
  type: RequestType;
  /** Already formatted in the company's time zone. */
  dueDate: string;
}) {
  return (
    <Page config={config} title="Request confirmed">
      <h1>Request confirmed</h1>
      <p class="notice" role="status">
        Confirmed: reference {reference}. We answer by {dueDate}.
      </p>
      <dl>
        <dt>Reference</dt>
        <dd>{reference}</dd>
        <dt>Request</dt>
        <dd>{TYPE_NAMES[type]}</dd>
        <dt>Answer by</dt>
        <dd>{dueDate}</dd>
      </dl>
      <p>We have sent you the same by email. Please quote the reference if you write to us about this request.</p>
      <Contact config={config} />
    </Page>
  );
}

/** A token that is malformed, unknown, expired or already used: one page for all, saying nothing specific. */
export function InvalidLinkPage({ config }: { config: CandorConfig }) {
  return (
    <Page config={config} title="This link does not work">
      <h1>This link does not work</h1>
      <p>
        It may be incomplete, too old (links work for 24 hours), or already used. If you still want to make the request,{' '}
        <a href={FORM_PATH}>submit the form again</a> and use the link in the new email.
      </p>
      <Contact config={config} />
    </Page>
  );
}
