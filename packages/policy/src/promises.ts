import { html } from './html.ts';
import { icon, type PolicyIcon } from './icons.ts';
import { POLICY_SECTIONS, type PolicyLinks, withFragment } from './links.ts';
import { ANSWER_DEADLINE } from './rights.ts';

export interface PolicyPromise {
  icon: PolicyIcon;
  text: string;
  href: string;
  link: string;
  /** Marks the link for the consent banner, which opens its settings instead of following it. */
  preferences?: boolean;
}

/** The promises at the top of the privacy page, each linking to where it is explained or kept. */
export function policyPromises(links: PolicyLinks): PolicyPromise[] {
  const S = POLICY_SECTIONS;
  return [
    {
      icon: 'cookie',
      text: 'No analytics or marketing cookies until you say yes.',
      href: withFragment(links.cookies, 'settings'),
      link: 'Cookie settings',
      preferences: true,
    },
    {
      icon: 'eye',
      text: 'Our own statistics identify nobody and set no cookies.',
      href: `#${S.collected.id}`,
      link: 'What we collect',
    },
    { icon: 'mail', text: 'Every email can be stopped with one click.', href: `#${S.email.id}`, link: 'Unsubscribing' },
    {
      icon: 'users',
      text: `Your privacy requests are answered ${ANSWER_DEADLINE}.`,
      href: links.requests,
      link: 'Your privacy rights',
    },
    {
      icon: 'trash',
      text: 'Data is deleted on a fixed schedule, not kept “just in case”.',
      href: `#${S.retention.id}`,
      link: 'Retention periods',
    },
    {
      icon: 'bell',
      text: 'You are told when this policy changes, and asked again.',
      href: `#${S.changes.id}`,
      link: 'Change log',
    },
  ];
}

/** "Our promises at a glance": a card per promise. */
export function renderPromiseSummary(promises: readonly PolicyPromise[]): string {
  return html`<section class="promises" aria-labelledby="promises-title">
  <h2 id="promises-title">Our promises at a glance</h2>
  <ul class="grid grid-3" role="list">${promises.map(
    (promise) => html`
    <li class="card promise-card">
      <span class="feature-icon">${icon(promise.icon)}</span>
      <p>${promise.text}</p>
      <a href="${promise.href}"${promise.preferences && html` data-candor-preferences`}>${promise.link}</a>
    </li>`,
  )}
  </ul>
</section>`.value;
}
