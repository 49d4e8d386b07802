import type { CatalogEntry } from './types.ts';

// Both services protect the site and its visitors (fraud, bots). They are strictly necessary for
// the payment or the form they guard, so they are never gated; their origins still go into the CSP.

export const stripe: CatalogEntry = {
  key: 'stripe',
  name: 'Stripe.js',
  // Stripe Payments Europe, Limited serves EEA businesses; Stripe, Inc. serves US ones.
  provider: 'Stripe Payments Europe, Limited',
  privacyPolicy: 'https://stripe.com/privacy',
  category: 'necessary',
  purpose: 'Takes card payments securely and detects fraud while the visitor pays.',
  // From Stripe's CSP guide: scripts and frames on js.stripe.com, API calls to api.stripe.com,
  // 3-D Secure frames on hooks.stripe.com. Stripe's address autocomplete also needs
  // maps.googleapis.com, left out so that it does not claim Google Maps.
  origins: ['https://js.stripe.com', 'https://api.stripe.com', 'https://hooks.stripe.com'],
  signatures: ['Stripe('],
  cookies: [
    { name: '__stripe_mid', duration: '1 year', purpose: 'Identifies the browser for fraud prevention.' },
    { name: '__stripe_sid', duration: '30 minutes', purpose: 'Identifies the payment session for fraud prevention.' },
  ],
  consentMode: [],
};

export const turnstile: CatalogEntry = {
  key: 'turnstile',
  name: 'Cloudflare Turnstile',
  provider: 'Cloudflare, Inc.',
  // Cloudflare also publishes a Turnstile privacy addendum, linked from this policy.
  privacyPolicy: 'https://www.cloudflare.com/privacypolicy/',
  category: 'necessary',
  purpose: 'Tells people from bots on forms without a puzzle, so the forms are not flooded with spam.',
  origins: ['https://challenges.cloudflare.com'],
  signatures: ['turnstile.render'],
  // No cookie on the site's own domain is documented for Turnstile; whatever its challenge iframe
  // stores stays on challenges.cloudflare.com. Not verified against a live page, so none are listed.
  cookies: [],
  consentMode: [],
};
