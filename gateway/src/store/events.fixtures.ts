import type { AnalyticsEvent } from './events.ts';

/** One valid stored event; override what a test is about. */
export function sampleEvent(overrides: Partial<AnalyticsEvent> = {}): AnalyticsEvent {
  return {
    time: new Date('2026-11-20T09:30:00.123Z'),
    site: 'demo',
    name: 'pageview',
    path: '/pricing',
    source: 'Google',
    referrerHost: 'www.google.com',
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    utmTerm: '',
    utmContent: '',
    country: 'DE',
    browser: 'Firefox',
    browserVersion: '133',
    os: 'Linux',
    device: 'desktop',
    sessionId: 's-1',
    firstOfDay: true,
    engagedMs: 0,
    props: {},
    ...overrides,
  };
}
