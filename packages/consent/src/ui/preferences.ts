import type { BannerCategory } from '@candor/config';
import type { Selection } from '../types.ts';
import { button, type Layer } from './banner.ts';
import { h } from './dom.ts';

export const PREFERENCES_ID = 'candor-preferences';

export interface PreferenceOptions {
  categories: BannerCategory[];
  /** [title, description] in the banner's language. */
  texts(category: BannerCategory): [string, string];
  /** The stored choice; without one every optional box starts unticked. */
  selected: Selection | null;
  /** Where the visitor can download their own consent history, when they have one. */
  recordUrl: string | undefined;
  save(categories: string[], services: string[]): void;
  close(): void;
}

/** A checkbox named `c` (category) or `s` (service) whose value is the id. */
const checkbox = (name: string, value: string, checked: boolean, fixed: boolean, describedBy?: string) =>
  h('input', {
    type: 'checkbox',
    name,
    value,
    checked: fixed || checked,
    disabled: fixed,
    'aria-describedby': describedBy,
  });

/**
 * The preference centre. A category box switches all its services; ticking a service ticks its
 * category; unticking a service (even the last) leaves the category as it is, because the category
 * also covers the site's own scripts marked with the category alone.
 */
export function renderPreferences(
  { t, dir, gpc, acceptAll, rejectAll }: Layer,
  { categories, texts, selected, recordUrl, save, close: onClose }: PreferenceOptions,
): HTMLDialogElement {
  const close = h('button', { type: 'button', class: 'candor-x', 'aria-label': t.close }, '×');
  close.addEventListener('click', onClose);
  const dialog = h(
    'dialog',
    {
      id: PREFERENCES_ID,
      class: 'candor',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'candor-preferences-title',
      dir,
    },
    close,
    h('h2', { id: 'candor-preferences-title' }, t.settings),
    gpc && h('p', { class: 'candor-note' }, t.gpc),
    h(
      'ul',
      {},
      ...categories.map((cat) => {
        const [title, description] = texts(cat);
        const fixed = cat.required;
        const box = checkbox('c', cat.id, !!selected?.c.includes(cat.id), fixed, `candor-d-${cat.id}`);
        const boxes = cat.services.map((svc) => checkbox('s', svc.id, !!selected?.s.includes(svc.id), fixed));
        for (const sb of boxes) {
          sb.addEventListener('change', () => {
            if (sb.checked) box.checked = true;
          });
        }
        box.addEventListener('change', () => {
          for (const sb of boxes) sb.checked = box.checked;
        });
        return h(
          'li',
          { class: 'candor-cat' },
          h('label', { class: 'candor-row' }, box, title),
          fixed && h('span', { class: 'candor-on' }, t.alwaysOn),
          h('p', { id: `candor-d-${cat.id}` }, description),
          boxes.length > 0 &&
            h(
              'ul',
              { class: 'candor-svcs' },
              ...cat.services.map((svc, i) =>
                h('li', {}, h('label', { class: 'candor-row' }, boxes[i], h('bdi', {}, svc.name))),
              ),
            ),
        );
      }),
    ),
    recordUrl && h('p', {}, h('a', { href: recordUrl }, t.record)),
    h(
      'div',
      { class: 'candor-actions' },
      button(t.acceptAll, acceptAll),
      button(t.rejectAll, rejectAll),
      button(t.save, () => save(ticked('c'), ticked('s'))),
    ),
  );
  const ticked = (name: string) =>
    [...dialog.querySelectorAll<HTMLInputElement>(`[name=${name}]:checked`)].map((box) => box.value);
  return dialog;
}
