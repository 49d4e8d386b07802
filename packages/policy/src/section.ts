import { type Html, type HtmlValue, html } from './html.ts';
import { icon } from './icons.ts';
import type { SectionHeading } from './links.ts';

/** A generated section of the privacy page: a landmark labelled by its heading. */
export function policySection({ id, title }: SectionHeading, body: HtmlValue): Html {
  return html`<section class="policy-section" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2>${body}</section>`;
}

/** The closing line of a section: how the promise it makes is kept in practice. */
export function keptBy(body: HtmlValue): Html {
  return html`<p class="kept-by">${icon('shield')}<span><strong>How we keep this promise:</strong> ${body}</span></p>`;
}
