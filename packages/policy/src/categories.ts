import { CATEGORY_IDS, type CandorConfig } from '@candor/config';
import { html, safeHref } from './html.ts';
import { POLICY_SECTIONS, type PolicyLinks, type SectionHeading, withFragment } from './links.ts';
import { keptBy, policySection } from './section.ts';

/** "Cookies, by category": each consent category with its services, from the config. */
export function renderCookieCategories(
  config: CandorConfig,
  links: PolicyLinks,
  heading: SectionHeading = POLICY_SECTIONS.cookies,
): string {
  const categories = CATEGORY_IDS.map((id) => {
    const { title, description } = config.consent.categories[id];
    const alwaysOn = id === 'necessary';
    const services = config.services
      .filter((service) => service.category === id)
      .map(
        (service) => html`
        <li>
          <strong>${service.name}</strong> <span class="muted">by ${service.provider}</span>
          <br />
          ${service.purpose}${
            service.privacyPolicy &&
            html` <a href="${safeHref(service.privacyPolicy)}" rel="noopener noreferrer">Privacy policy<span class="visually-hidden"> of ${service.provider}</span></a>`
          }
        </li>`,
      );
    return html`
    <li class="card category-card">
      <h3>
        ${title}
        <span class="tag ${alwaysOn ? 'tag-neutral' : 'tag-consent'}">${alwaysOn ? 'Always on' : 'Only with your consent'}</span>
      </h3>
      <p>${description}</p>
      ${
        services.length > 0
          ? html`<ul class="service-list">${services}</ul>`
          : html`<p class="muted">We use no cookies in this category at the moment.</p>`
      }
    </li>`;
  });
  return policySection(
    heading,
    html`<p>
    Visitors never sign in to this site. We use cookies to remember your cookie choice, to remember your
    preferences, to understand how the site is used and, for our own staff only, to keep them signed in to the admin
    pages. Apart from strictly necessary cookies, each category is off until you switch it on. Third-party tools are
    not loaded at all before you do.
  </p>
  <ul class="category-list" role="list">${categories}
  </ul>
  <p>
    <a href="${links.cookies}">See every cookie, its purpose and how long it lasts</a>, or
    <a href="${withFragment(links.cookies, 'settings')}" data-candor-preferences>change your cookie settings</a> at any time.
  </p>
  ${keptBy(html`the consent banner loads a service only after you allow its category, and stores your choice with a random
    id as proof, without your IP address. It asks again after ${config.consent.expiryDays} days, and whenever this
    policy changes in a way that affects what you agreed to.`)}`,
  ).value;
}
