import { bannerConfig, consentNotice, noticeHash } from '@candor/config';
import { LOCALES } from '@candor/consent/messages';
import { demoConfig } from '../testing.ts';

/** The hash the demo site's English pages embed (relative links, English banner texts). */
export const DEMO_HASH = await noticeHash(consentNotice(demoConfig, bannerConfig(demoConfig), 'en', LOCALES.en ?? {}));

/** A valid "Reject all" body from the demo banner; override fields per test. */
export function consentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00',
    action: 'reject_all',
    granted: ['necessary', 'candor'],
    denied: ['preferences', 'analytics', 'ga4', 'marketing', 'hubspot'],
    revision: demoConfig.policy.revision,
    configHash: DEMO_HASH,
    locale: 'en',
    gpc: false,
    path: '/pricing',
    ...overrides,
  };
}

export function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
  };
}
