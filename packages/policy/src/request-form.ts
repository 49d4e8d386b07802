import { html } from './html.ts';
import { DEADLINES, type Jurisdiction, RIGHTS } from './rights.ts';

export interface RequestFormOptions {
  /** Where the form posts: the gateway's `POST /api/privacy-requests`, which answers a form post with a page. */
  action: string;
  /** The deadline rules that apply unless the requester lives in California. */
  jurisdiction: Jurisdiction;
  /** The language of the emails we send. */
  locale: string;
}

/** Longest details and correction texts the gateway accepts (`DETAILS_MAX` in its intake). */
export const REQUEST_TEXT_MAX = 5000;

/**
 * The privacy-request form without JavaScript: a plain urlencoded POST, answered by the gateway
 * with a page. Field names are the API's; each type's radio carries the right's id, so links such
 * as `…/requests#object` land on it.
 */
export function renderRequestForm({ action, jurisdiction, locale }: RequestFormOptions): string {
  const rights = RIGHTS.map(
    (right, i) => html`
      <div class="choice">
        <input type="radio" name="type" value="${right.id}" id="${right.id}"${i === 0 && html` required`} aria-describedby="${right.id}-summary" />
        <label for="${right.id}"><strong>${right.title}</strong> <span class="hint" id="${right.id}-summary">${right.summary}</span></label>
      </div>`,
  );
  const place = (value: Jurisdiction, id: string, label: string) => html`
      <div class="choice">
        <input type="radio" name="jurisdiction" value="${value}" id="${id}"${jurisdiction === value && html` checked`} />
        <label for="${id}">${label}</label>
      </div>`;
  return html`<form class="request-form" method="post" action="${action}" aria-labelledby="request-form-title">
  <h2 id="request-form-title">Make a request</h2>
  <fieldset class="field" id="field-type">
    <legend>What do you want us to do?</legend>
    <div class="choices">${rights}
    </div>
  </fieldset>
  <div class="field" id="field-email">
    <label for="email">Your email address</label>
    <p class="hint" id="email-hint">The address the request is about. We send a link to it to confirm that the request comes from you.</p>
    <input type="email" id="email" name="email" autocomplete="email" spellcheck="false" maxlength="320" required aria-describedby="email-hint" />
  </div>
  <div class="field" id="field-rectification">
    <label for="rectification">What is wrong, and what should it say? <span class="optional">(only for corrections)</span></label>
    <p class="hint" id="rectification-hint">For example: “My surname is Lovelace, not Lovelock.”</p>
    <textarea id="rectification" name="rectification" rows="3" maxlength="${REQUEST_TEXT_MAX}" aria-describedby="rectification-hint"></textarea>
  </div>
  <div class="field" id="field-details">
    <label for="details">Anything else we should know? <span class="optional">(optional)</span></label>
    <p class="hint" id="details-hint">For example, which account or service it is about. Please do not send documents or passwords.</p>
    <textarea id="details" name="details" rows="4" maxlength="${REQUEST_TEXT_MAX}" aria-describedby="details-hint"></textarea>
  </div>
  <fieldset class="field" id="field-jurisdiction" aria-describedby="jurisdiction-hint">
    <legend>Where do you live?</legend>
    <p class="hint" id="jurisdiction-hint">This only decides which legal deadline applies to your request (${DEADLINES.gdpr}, or ${DEADLINES.ccpa} in California).</p>
    <div class="choices choices-inline">${place('gdpr', 'jurisdiction-gdpr', 'In the EU, the UK or elsewhere')}${place('ccpa', 'jurisdiction-ccpa', 'In California')}
    </div>
  </fieldset>
  <div class="honeypot" aria-hidden="true">
    <label for="website">Leave this empty</label>
    <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" />
  </div>
  <input type="hidden" name="locale" value="${locale}" />
  <button type="submit" class="button">Send request</button>
</form>`.value;
}
