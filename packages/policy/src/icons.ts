import { type Html, html } from './html.ts';

// The line icons the sections use (24×24, stroked with the current text colour), drawn as the
// site's Icon component draws them. Decorative, so hidden from assistive technology.
const PATHS = {
  shield: ['M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z', 'M8.5 12l2.5 2.5 4.5-5'],
  bell: ['M6 16V11a6 6 0 1 1 12 0v5l2 2H4z', 'M10 21h4'],
  mail: ['M3 6h18v12H3z', 'M3 7l9 6 9-6'],
  cookie: ['M12 3a9 9 0 1 0 9 9 3 3 0 0 1-3-3 3 3 0 0 1-3-3 3 3 0 0 1-3-3z', 'M8 13h.01', 'M12 16h.01', 'M15 13h.01'],
  eye: ['M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z', 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z'],
  trash: ['M4 7h16', 'M10 11v6', 'M14 11v6', 'M6 7l1 13h10l1-13', 'M9 7V4h6v3'],
  users: [
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z',
    'M2 20c.8-3.5 3.5-5.5 7-5.5s6.2 2 7 5.5',
    'M16 4.5a3.5 3.5 0 0 1 0 6.5',
    'M18 14.8c2 .7 3.4 2.5 4 5.2',
  ],
} as const;

export type PolicyIcon = keyof typeof PATHS;

export function icon(name: PolicyIcon): Html {
  const paths = PATHS[name].map((d) => html`<path d="${d}"></path>`);
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${paths}</svg>`;
}
