// Shared test fixtures: the demo's banner config and stored choices.
import { bannerConfig, parseConfig } from '@candor/config';
import type { PageConfig, Stored } from './types.ts';

/** The demo config's consent part: necessary/candor, analytics/ga4, marketing/hubspot. */
export function demoConfig(overrides: Partial<PageConfig> = {}): PageConfig {
  const config = parseConfig({
    company: {
      name: 'Tidewater',
      legalName: 'Tidewater GmbH',
      address: 'Hamburg',
      privacyContact: 'privacy@tidewater.example',
      website: 'https://tidewater.example',
    },
    sites: [{ id: 'demo', name: 'Demo', hostnames: ['localhost'] }],
    policy: { revision: '2026-11-01' },
    consent: {
      expiryDays: 182,
      categories: {
        necessary: { title: 'Strictly necessary', description: 'Config text: necessary.' },
        preferences: { title: 'Preferences', description: 'Config text: preferences.' },
        analytics: { title: 'Analytics', description: 'Config text: analytics.' },
        marketing: { title: 'Marketing', description: 'Config text: marketing.' },
      },
    },
    services: [
      { id: 'candor', name: 'Candor', provider: 'Us', category: 'necessary', purpose: 'Choice.', cookies: [] },
      {
        id: 'ga4',
        name: 'Google Analytics 4',
        provider: 'Google',
        category: 'analytics',
        purpose: 'Stats.',
        cookies: [
          { name: '^_ga$', pattern: true, duration: '2 years', purpose: 'Id.' },
          { name: '^_ga_', pattern: true, duration: '2 years', purpose: 'Session.' },
        ],
      },
      {
        id: 'hubspot',
        name: 'HubSpot',
        provider: 'HubSpot',
        category: 'marketing',
        purpose: 'Sales.',
        cookies: ['__hstc', 'hubspotutk', '__hssc', '__hssrc'].map((name) => ({
          name,
          duration: '6 months',
          purpose: 'x',
        })),
      },
    ],
    locales: ['en', 'de', 'fr', 'es', 'ar'],
  });
  return { ...bannerConfig(config), configHash: 'a'.repeat(64), styles: '/_astro/consent.css', ...overrides };
}

export const ALL_IDS = ['necessary', 'candor', 'preferences', 'analytics', 'ga4', 'marketing', 'hubspot'];

/** A stored choice as the banner writes it. */
export function stored(overrides: Partial<Stored> = {}): Stored {
  return {
    v: 1,
    id: '11111111-2222-4333-8444-555555555555',
    r: '2026-11-01',
    c: ['necessary'],
    s: ['candor'],
    t: Math.floor(Date.now() / 1000) - 60,
    g: 0,
    x: 1,
    ...overrides,
  };
}
