// The demo company's Candor config. The gateway enforces it and the site builds the banner, the
// cookie table and the factual parts of /privacy from it. Secrets never go here: see README.
import type { CandorConfigInput } from '@candor/config';

export default {
  company: {
    name: 'Tidewater',
    legalName: 'Tidewater Practice Software GmbH',
    address: 'Hafenstraße 12, 20457 Hamburg, Germany',
    privacyContact: 'privacy@tidewater.example',
    website: 'https://tidewater.example',
  },
  // Links in emails (unsubscribe, privacy requests) point at the local gateway in the demo.
  publicUrl: 'http://localhost:8080',
  sites: [
    {
      id: 'demo',
      name: 'Tidewater (demo)',
      hostnames: ['localhost', '127.0.0.1'],
      timezone: 'Europe/Berlin',
    },
  ],
  policy: {
    revision: '2026-11-01',
  },
  pages: { policyFile: './site/src/content/policy/privacy.md' },
  consent: {
    expiryDays: 182,
    categories: {
      necessary: {
        title: 'Strictly necessary',
        description:
          'Remembering your cookie choice, and keeping staff signed in to the admin. These cannot be switched off.',
      },
      preferences: {
        title: 'Preferences',
        description: 'Remember settings such as your language so the site works the way you left it.',
      },
      analytics: {
        title: 'Analytics',
        description: 'Google Analytics helps us see which pages are useful. Our own statistics need no cookies.',
      },
      marketing: {
        title: 'Marketing',
        description: 'HubSpot lets our team follow up with people who asked for a demo or downloaded a guide.',
      },
    },
  },
  services: [
    {
      id: 'candor',
      name: 'Candor',
      provider: 'Tidewater (first party)',
      category: 'necessary',
      purpose: 'Remembers your cookie choice and keeps staff signed in to the admin.',
      cookies: [
        { name: 'candor_consent', duration: '182 days', purpose: 'Stores your cookie choice and its consent id.' },
        {
          name: 'candor_session',
          duration: 'Session (15 minutes idle)',
          purpose: 'Keeps staff signed in to the admin.',
        },
      ],
    },
    {
      id: 'ga4',
      name: 'Google Analytics 4',
      provider: 'Google Ireland Ltd.',
      category: 'analytics',
      purpose: 'Measures how visitors use the site across sessions.',
      origins: ['https://www.googletagmanager.com', 'https://www.google-analytics.com'],
      privacyPolicy: 'https://policies.google.com/privacy',
      cookies: [
        { name: '^_ga$', pattern: true, duration: '2 years', purpose: 'Distinguishes browsers.' },
        { name: '^_ga_', pattern: true, duration: '2 years', purpose: 'Keeps the session state.' },
      ],
    },
    {
      id: 'hubspot',
      name: 'HubSpot',
      provider: 'HubSpot, Inc.',
      category: 'marketing',
      purpose: 'Connects visits to demo requests so our sales team can follow up.',
      origins: ['https://js.hs-scripts.com', 'https://js.hs-analytics.net', 'https://js.hs-banner.com'],
      privacyPolicy: 'https://legal.hubspot.com/privacy-policy',
      cookies: [
        { name: '__hstc', duration: '6 months', purpose: 'Tracks visitors across visits.' },
        { name: 'hubspotutk', duration: '6 months', purpose: 'Identifies the visitor to HubSpot forms.' },
        { name: '__hssc', duration: '30 minutes', purpose: 'Counts pages in the current session.' },
        { name: '__hssrc', duration: 'Session', purpose: 'Detects a browser restart.' },
      ],
    },
    {
      id: 'youtube',
      name: 'YouTube (privacy-enhanced mode)',
      provider: 'Google Ireland Ltd.',
      category: 'marketing',
      purpose: 'Plays the embedded product tour; YouTube may measure views and use them for advertising.',
      origins: ['https://www.youtube-nocookie.com'],
      privacyPolicy: 'https://policies.google.com/privacy',
      cookies: [
        { name: 'VISITOR_INFO1_LIVE', duration: '6 months', purpose: 'Estimates bandwidth for video playback.' },
        { name: 'YSC', duration: 'Session', purpose: 'Counts views of embedded videos.' },
      ],
    },
  ],
  locales: ['en', 'de', 'fr', 'es', 'ar'],
  mailingLists: [
    { id: 'newsletter', name: 'Newsletter', description: 'A monthly letter on running a modern practice.' },
    { id: 'product-updates', name: 'Product updates', description: 'New features and release notes.' },
  ],
  retention: {
    consentRecordsDays: 5 * 365,
    analyticsEventsDays: 2 * 365,
    completedRequestsDays: 3 * 365,
    unverifiedRequestsDays: 7,
    exportPackageDays: 7,
    loginLogDays: 365,
    auditLogDays: 3 * 365,
    deliveredWebhooksDays: 30,
    sentMailDays: 30,
  },
  webhooks: [],
  unsubscribe: {
    mailto: 'unsubscribe@tidewater.example',
  },
} satisfies CandorConfigInput;
