import { type Html, html, safeHref } from './html.ts';
import { type Jurisdiction, RIGHTS } from './rights.ts';

export interface RequestFormOptions {
  /** Where the form posts: the gateway's `POST /api/privacy-requests`, which answers a form post with a page. */
  action: string;
  /** The deadline rules that apply unless the requester lives in California (`privacyRequests.jurisdiction`). */
  jurisdiction: Jurisdiction;
  /** The language of the emails we send. */
  locale: string;
}

/** Longest details and correction texts the gateway accepts (`DETAILS_MAX` in its intake). */
export const REQUEST_TEXT_MAX = 5000;

/** One request type: its radio carries the right's id, so links such as `…/requests#object` land on it. */
function typeChoices(): Html[] {
  return RIGHTS.map(
    (right, i) => html`
      <div class="choice">
        <input type="radio" name="type" value="${right.id}" id="${right.id}"${i === 0 && html` required`} aria-describedby="${right.id}-summary" />
        <label for="${right.id}">
          <strong>${right.title}</strong>
          <span class="hint" id="${right.id}-summary">${right.summary}</span>
        </label>
      </div>`,
  );
}

function jurisdictionChoice(selected: Jurisdiction, value: Jurisdiction, label: string): Html {
  const id = `jurisdiction-${value}`;
  return html`
      <div class="choice">
        <input type="radio" name="jurisdiction" value="${value}" id="${id}"${selected === value && html` checked`} />
        <label for="${id}">${label}</label>
      </div>`;
}

/**
 * The privacy-request form, for the Astro site and the gateway's own page alike. It is a plain
 * urlencoded POST, so it works without JavaScript (the gateway answers with pages of its own).
 * The site's script enhances it through the hooks it carries: `data-privacy-request-form`, the
 * hidden error summary and `data-error-for` placeholders, `data-only-for`, `data-no-js-only`,
 * `data-submit` and the hidden confirmation after the form. Field names are the API's. The
 * `website` field is a honeypot: people never see it; bots that fill in every field do, and their
 * request is dropped.
 */
export function renderRequestForm({ action, jurisdiction, locale }: RequestFormOptions): string {
  return html`<form class="request-form" method="post" action="${safeHref(action)}" data-privacy-request-form aria-labelledby="request-form-title">
  <h2 id="request-form-title">Make a request</h2>

  <div class="error-summary" id="error-summary" role="alert" tabindex="-1" hidden>
    <h3>There is a problem</h3>
    <ul data-error-list></ul>
  </div>

  <fieldset class="field" id="field-type" aria-describedby="type-error">
    <legend>What do you want us to do?</legend>
    <p class="field-error" id="type-error" data-error-for="type" hidden></p>
    <div class="choices">${typeChoices()}
    </div>
  </fieldset>

  <div class="field" id="field-email">
    <label for="email">Your email address</label>
    <p class="hint" id="email-hint">The address the request is about. We send a link to it to confirm that the request comes from you.</p>
    <p class="field-error" id="email-error" data-error-for="email" hidden></p>
    <input type="email" id="email" name="email" autocomplete="email" spellcheck="false" maxlength="320" required aria-describedby="email-hint email-error" />
  </div>

  <div class="field" id="field-rectification" data-only-for="rectify">
    <label for="rectification">What is wrong, and what should it say? <span class="optional" data-no-js-only>(only for corrections)</span></label>
    <p class="hint" id="rectification-hint">For example: “My surname is Lovelace, not Lovelock.”</p>
    <p class="field-error" id="rectification-error" data-error-for="rectification" hidden></p>
    <textarea id="rectification" name="rectification" rows="3" maxlength="${REQUEST_TEXT_MAX}" aria-describedby="rectification-hint rectification-error"></textarea>
  </div>

  <div class="field" id="field-details">
    <label for="details">Anything else we should know? <span class="optional">(optional)</span></label>
    <p class="hint" id="details-hint">For example, which account or service it is about. Please do not send documents or passwords.</p>
    <p class="field-error" id="details-error" data-error-for="details" hidden></p>
    <textarea id="details" name="details" rows="4" maxlength="${REQUEST_TEXT_MAX}" aria-describedby="details-hint details-error"></textarea>
  </div>

  <fieldset class="field" id="field-jurisdiction" aria-describedby="jurisdiction-hint jurisdiction-error">
    <legend>Where do you live?</legend>
    <p class="hint" id="jurisdiction-hint">This only decides which legal deadline applies to your request.</p>
    <p class="field-error" id="jurisdiction-error" data-error-for="jurisdiction" hidden></p>
    <div class="choices choices-inline">${jurisdictionChoice(jurisdiction, 'gdpr', 'In the EU, the UK or elsewhere')}${jurisdictionChoice(jurisdiction, 'ccpa', 'In California')}
    </div>
  </fieldset>

  <div class="honeypot">
    <label for="website">Leave this empty</label>
    <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" />
  </div>
  <input type="hidden" name="locale" value="${locale}" />

  <button type="submit" class="button" data-submit>Send request</button>
</form>

<div class="request-confirmation card notice" id="request-confirmation" role="status" tabindex="-1" hidden>
  <h2>Check your email</h2>
  <p data-confirmation-message></p>
  <p>Nothing happens until you open the link and confirm your request.</p>
</div>`.value;
}
