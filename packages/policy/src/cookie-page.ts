import type { CandorConfig } from '@candor/config';
import { emptyCookieCategories } from './cookies.ts';
import { html } from './html.ts';
import { POLICY_SECTIONS, type PolicyLinks, withFragment } from './links.ts';

/** What the cookie page says under the table: empty categories, and where the policy explains the rest. */
export function renderCookieNotes(config: CandorConfig, links: PolicyLinks): string {
  const empty = emptyCookieCategories(config);
  return html`${empty.length > 0 && html`<p class="muted">We currently set no cookies in these categories: ${empty.join(', ')}.</p>`}
<p>
  Our own visit statistics use no cookies at all. <a href="${withFragment(links.privacy, POLICY_SECTIONS.collected.id)}">Read what they collect</a>,
  or see <a href="${withFragment(links.privacy, POLICY_SECTIONS.cookies.id)}">the cookie categories in our privacy policy</a>.
</p>`.value;
}

/**
 * The settings card with the button the consent banner hooks (every element marked
 * `data-candor-preferences` opens its preference centre).
 */
export function renderCookieSettings(config: CandorConfig): string {
  return html`<section class="card settings-card" id="settings" aria-labelledby="settings-title">
  <h2 id="settings-title">Cookie settings</h2>
  <p>
    You can change or withdraw your consent at any time. Your choice applies to this browser and is kept for
    ${config.consent.expiryDays} days, after which we ask again.
  </p>
  <button type="button" class="button" data-candor-preferences>Change cookie settings</button>
</section>`.value;
}
