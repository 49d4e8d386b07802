import type { CatalogEntry } from './types.ts';

// Google's services share hosts: gtag.js (GA4, Google Ads) and gtm.js are both served from
// www.googletagmanager.com, and Maps embeds and reCAPTCHA both load from www.google.com. An origin
// alone therefore cannot tell them apart; a config that uses two of them should expect the first
// listed service to claim a shared origin, and may override `origins` to make the split explicit.

const GOOGLE = 'Google Ireland Limited';
const GOOGLE_PRIVACY = 'https://policies.google.com/privacy';

export const ga4: CatalogEntry = {
  key: 'ga4',
  name: 'Google Analytics 4',
  provider: GOOGLE,
  privacyPolicy: GOOGLE_PRIVACY,
  category: 'analytics',
  purpose: 'Measures how visitors use the site across visits.',
  // gtag.js loads from www.googletagmanager.com; hits go to www.google-analytics.com and the
  // regional collection host. Google's CSP guide allows the wildcards *.google-analytics.com and
  // *.analytics.google.com for beacons; a strict CSP may need them in `csp.connectSrc`.
  origins: [
    'https://www.googletagmanager.com',
    'https://www.google-analytics.com',
    'https://region1.google-analytics.com',
  ],
  signatures: ['gtag('],
  cookies: [
    { name: '^_ga$', pattern: true, duration: '2 years', purpose: 'Distinguishes browsers.' },
    { name: '^_ga_', pattern: true, duration: '2 years', purpose: 'Keeps the session state of one property.' },
  ],
  consentMode: ['analytics_storage'],
};

export const gtm: CatalogEntry = {
  key: 'gtm',
  name: 'Google Tag Manager',
  provider: GOOGLE,
  privacyPolicy: GOOGLE_PRIVACY,
  // The container loads whatever tags it holds, often advertising ones that do not read Consent
  // Mode. Gating it as marketing is the only default that cannot let a marketing tag through on an
  // analytics-only choice; a company whose container holds only analytics tags may override it.
  category: 'marketing',
  purpose: 'Loads the tags configured in the site’s Tag Manager container.',
  origins: ['https://www.googletagmanager.com'],
  signatures: ['gtm.start', 'googletagmanager.com/gtm.js'],
  // Tag Manager sets no cookie of its own; the tags in the container set theirs.
  cookies: [],
  // The container passes the consent state to its tags, which read these signals.
  consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage'],
};

export const googleAds: CatalogEntry = {
  key: 'google-ads',
  name: 'Google Ads',
  provider: GOOGLE,
  privacyPolicy: GOOGLE_PRIVACY,
  category: 'marketing',
  purpose: 'Measures which ads lead to sign-ups and builds remarketing audiences.',
  // Conversion pings may also go to www.google.com (/pagead/…); that host is left out so that it
  // does not claim Maps or reCAPTCHA, and a strict CSP may need it in `csp.imgSrc`/`connectSrc`.
  origins: [
    'https://www.googletagmanager.com',
    'https://www.googleadservices.com',
    'https://googleads.g.doubleclick.net',
  ],
  // The gtag( call itself is GA4's signature; these mark a snippet that is about Ads.
  signatures: ["'AW-", '"AW-', 'gtag_report_conversion', 'google_conversion_id'],
  cookies: [
    { name: '^_gcl_', pattern: true, duration: '90 days', purpose: 'Links ad clicks to conversions on this site.' },
    {
      name: 'IDE',
      duration: '13 months (EEA and UK; 24 months elsewhere)',
      purpose: 'Set on doubleclick.net: measures and personalises ads.',
    },
  ],
  consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};

export const youtube: CatalogEntry = {
  key: 'youtube',
  name: 'YouTube',
  provider: GOOGLE,
  privacyPolicy: GOOGLE_PRIVACY,
  // YouTube may use views of embedded videos for advertising, even in privacy-enhanced mode.
  category: 'marketing',
  purpose: 'Plays embedded videos; YouTube may measure views and use them for advertising.',
  origins: ['https://www.youtube.com', 'https://www.youtube-nocookie.com'],
  signatures: ['YT.Player', 'onYouTubeIframeAPIReady'],
  cookies: [
    { name: 'YSC', duration: 'Session', purpose: 'Counts views of embedded videos and guards against abuse.' },
    { name: 'VISITOR_INFO1_LIVE', duration: '6 months', purpose: 'Estimates bandwidth and remembers player settings.' },
    {
      name: 'VISITOR_PRIVACY_METADATA',
      duration: '6 months',
      purpose: 'Stores the visitor’s cookie choice for YouTube.',
    },
  ],
  // The embedded player does not read the page's Consent Mode state.
  consentMode: [],
};

export const googleMaps: CatalogEntry = {
  key: 'google-maps',
  name: 'Google Maps',
  provider: GOOGLE,
  privacyPolicy: GOOGLE_PRIVACY,
  // Maps requests carry Google's NID cookie, which Google also uses for ads to signed-out users:
  // the stricter category is the safe default. A company may choose `preferences` instead.
  category: 'marketing',
  purpose: 'Shows an interactive map; Google receives the visitor’s IP address and its cookies.',
  // Embeds are iframes on www.google.com/maps/embed; the JavaScript API loads from the other two.
  origins: ['https://maps.googleapis.com', 'https://maps.gstatic.com', 'https://www.google.com'],
  signatures: ['google.maps.', 'maps.googleapis.com/maps/api/js', 'The Google Maps JavaScript API'],
  cookies: [
    { name: 'NID', duration: '6 months', purpose: 'Set on google.com: remembers preferences and is used for ads.' },
  ],
  consentMode: [],
};

export const recaptcha: CatalogEntry = {
  key: 'recaptcha',
  name: 'Google reCAPTCHA',
  provider: GOOGLE,
  privacyPolicy: GOOGLE_PRIVACY,
  // Default `necessary`: the site uses it to keep bots out of its forms, gating it would break
  // those forms for everyone who declines, and Google files its cookie under security. Some
  // European regulators (German DPAs in particular) hold that it needs consent, because Google also
  // uses the data it collects for its own purposes and consent-free alternatives exist (Turnstile,
  // a honeypot). A company that follows that view writes `{ use: 'recaptcha', category: 'preferences' }`.
  category: 'necessary',
  purpose: 'Tells people from bots on forms, so the forms are not flooded with spam.',
  origins: ['https://www.google.com', 'https://www.gstatic.com', 'https://www.recaptcha.net'],
  signatures: ['grecaptcha.'],
  cookies: [
    {
      name: '_GRECAPTCHA',
      duration: '6 months',
      purpose: 'Set on google.com: keeps the risk analysis of the visitor.',
    },
  ],
  consentMode: ['security_storage'],
};
