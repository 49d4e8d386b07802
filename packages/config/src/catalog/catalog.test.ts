import { describe, expect, it } from 'vitest';
import demo from '../../../../candor.config.ts';
import { CONSENT_MODE_SIGNALS, parseConfig } from '../index.ts';
import { CATALOG, CATALOG_KEYS, type CatalogKey } from './index.ts';

const entries = CATALOG_KEYS.map((key) => [key, CATALOG[key]] as const);

describe('the service catalogue', () => {
  it('lists every entry once, under its own key', () => {
    expect(Object.keys(CATALOG).sort()).toEqual([...CATALOG_KEYS].sort());
    for (const [key, entry] of entries) expect(entry.key).toBe(key);
  });

  it('validates as services all at once, so a config may use every entry', () => {
    const services = parseConfig({ ...demo, services: CATALOG_KEYS.map((use) => ({ use })) }).services;
    expect(services.map((s) => s.id)).toEqual([...CATALOG_KEYS]);
  });

  it('gives each entry the default category written down for it', () => {
    const categories = Object.fromEntries(entries.map(([key, entry]) => [key, entry.category]));
    expect(categories).toEqual({
      ga4: 'analytics',
      gtm: 'marketing',
      'google-ads': 'marketing',
      youtube: 'marketing',
      'google-maps': 'marketing',
      recaptcha: 'necessary',
      'meta-pixel': 'marketing',
      'linkedin-insight': 'marketing',
      'tiktok-pixel': 'marketing',
      clarity: 'analytics',
      'microsoft-uet': 'marketing',
      hubspot: 'marketing',
      hotjar: 'analytics',
      intercom: 'preferences',
      vimeo: 'analytics',
      calendly: 'preferences',
      typeform: 'preferences',
      stripe: 'necessary',
      turnstile: 'necessary',
    } satisfies Record<CatalogKey, string>);
  });
});

describe.each(entries)('catalogue entry %s', (key, entry) => {
  it('validates as a service and keeps every field', () => {
    const [service] = parseConfig({ ...demo, services: [{ use: key }] }).services;
    const { key: _key, consentMode: _consentMode, ...fields } = entry;
    expect(service).toEqual({
      ...fields,
      id: key,
      use: key,
      cookies: entry.cookies.map((c) => ({ ...c, pattern: c.pattern ?? false })),
    });
  });

  it('names its provider and an https privacy policy', () => {
    expect(entry.provider.trim()).not.toBe('');
    expect(new URL(entry.privacyPolicy).protocol).toBe('https:');
  });

  it('loads from at least one https origin, each a bare origin', () => {
    expect(entry.origins.length).toBeGreaterThan(0);
    expect(new Set(entry.origins).size).toBe(entry.origins.length);
    for (const origin of entry.origins) expect(new URL(origin).origin).toBe(origin);
    for (const origin of entry.origins) expect(origin.startsWith('https://')).toBe(true);
  });

  it('has inline signatures that are long enough to be specific', () => {
    expect(entry.signatures.length).toBeGreaterThan(0);
    for (const signature of entry.signatures) expect(signature.length).toBeGreaterThanOrEqual(3);
  });

  it('declares cookies whose patterns compile and whose names are cookie names', () => {
    expect(new Set(entry.cookies.map((c) => c.name)).size).toBe(entry.cookies.length);
    for (const cookie of entry.cookies) {
      if (cookie.pattern) expect(() => new RegExp(cookie.name)).not.toThrow();
      // A cookie name is an RFC 6265 token: no spaces, separators or control characters.
      else expect(cookie.name).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
      expect(cookie.duration.trim()).not.toBe('');
      expect(cookie.purpose.trim()).not.toBe('');
    }
  });

  it('maps Consent Mode signals only where Google reads them', () => {
    for (const signal of entry.consentMode) expect(CONSENT_MODE_SIGNALS).toContain(signal);
    if (!entry.provider.startsWith('Google')) expect(entry.consentMode).toEqual([]);
  });
});

describe('catalogue cookie patterns', () => {
  it.each([
    ['ga4', '_ga', true],
    ['ga4', '_ga_ABC123', true],
    ['ga4', '_gat', false],
    ['google-ads', '_gcl_au', true],
    ['hotjar', '_hjSessionUser_123', true],
    ['intercom', 'intercom-session-abc123', true],
    ['intercom', 'candor_consent', false],
  ] as const)('%s claims the cookie %s: %s', (key, name, claimed) => {
    const matches = CATALOG[key].cookies.some((c) => (c.pattern ? new RegExp(c.name).test(name) : c.name === name));
    expect(matches).toBe(claimed);
  });
});
