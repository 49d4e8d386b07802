// How the controller gets the preference centre. Here (source, tests, the ESM build) it is part of
// the bundle. The browser builds swap this module for `lazy-preferences.ts`, which fetches the
// centre the first time it is opened, so a page pays for it only when a visitor asks for it.
import type { PageConfig } from '../types.ts';
import type { Layer } from './banner.ts';
import { openModal } from './modal.ts';
import { type PreferenceOptions, renderPreferences } from './preferences.ts';

/** Renders the preference centre and opens it as a modal; returns the function that closes it. */
export function showPreferences(layer: Layer, options: PreferenceOptions, opener: Element | null): () => void {
  return openModal(renderPreferences(layer, options), opener);
}

export type ShowPreferences = typeof showPreferences;

/** Calls `use` with the preference centre, now. */
export function withPreferences(_config: PageConfig, use: (show: ShowPreferences) => void): void {
  use(showPreferences);
}
