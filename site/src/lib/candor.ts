// The validated Candor config, as @candor/astro loaded it for this build. Every factual statement
// about cookies, retention and contacts on the site comes from here, so the policy cannot drift.

import loaded from 'virtual:candor/config';
import type { CandorConfig } from '@candor/config';

if (!loaded) throw new Error('the site needs a Candor config: see candor({ config }) in astro.config.mjs');

export const config: CandorConfig = loaded;

/** The site's language: the first configured locale. */
export const lang = config.locales[0] ?? 'en';
