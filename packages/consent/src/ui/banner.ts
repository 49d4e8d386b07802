import type { Messages } from '../i18n/index.ts';
import { h } from './dom.ts';

export const BANNER_ID = 'candor-consent';

/** What both layers share, built once per page by the controller. */
export interface Layer {
  t: Messages;
  /** Set on each layer's root, so the banner reads right even inside a page of the other direction. */
  dir: 'rtl' | 'ltr';
  /** Global Privacy Control is on: both layers say why marketing is off. */
  gpc: boolean;
  acceptAll(): void;
  rejectAll(): void;
}

/** A button; all banner and dialog buttons share one class so none outweighs another. */
export function button(label: string, onClick: (el: HTMLButtonElement) => void): HTMLButtonElement {
  const el = h('button', { type: 'button', class: 'candor-btn' }, label);
  el.addEventListener('click', () => onClick(el));
  return el;
}

/**
 * The first layer: a non-modal dialog fixed to the bottom of the viewport, so the page under it
 * never moves. Accept, reject and customise are one click each and look the same.
 */
export function renderBanner(
  { t, dir, gpc, acceptAll, rejectAll }: Layer,
  links: { privacy: string; cookies: string },
  customize: (opener: HTMLElement) => void,
): HTMLElement {
  return h(
    'div',
    {
      id: BANNER_ID,
      class: 'candor',
      role: 'dialog',
      'aria-label': t.dialog,
      'aria-describedby': 'candor-consent-text',
      tabindex: '-1',
      dir,
    },
    h(
      'p',
      { id: 'candor-consent-text' },
      `${t.text} `,
      h('a', { href: links.privacy }, t.privacy),
      ' · ',
      h('a', { href: links.cookies }, t.cookies),
    ),
    gpc && h('p', { class: 'candor-note' }, t.gpc),
    h(
      'div',
      { class: 'candor-actions' },
      button(t.acceptAll, acceptAll),
      button(t.rejectAll, rejectAll),
      button(t.customize, customize),
    ),
  );
}
