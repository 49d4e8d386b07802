// A small, fixed set of visits whose reports are computed by hand in the tests. Site `demo`,
// zone Europe/Berlin (UTC+1 in November). Every expectation in the tests derives from this table.
import type { AnalyticsEvent, DroppedCount } from '../store/events.ts';

type Visit = Pick<
  AnalyticsEvent,
  | 'source'
  | 'referrerHost'
  | 'utmSource'
  | 'utmMedium'
  | 'utmCampaign'
  | 'country'
  | 'browser'
  | 'browserVersion'
  | 'os'
  | 'device'
  | 'sessionId'
>;
type Step = [time: string, name: string, path: string, extra?: Partial<AnalyticsEvent>];

const blank = { utmSource: '', utmMedium: '', utmCampaign: '', referrerHost: '' };
const firefox = { browser: 'Firefox', browserVersion: '133', os: 'Linux', device: 'desktop' } as const;

/**
 * Builds a visit's events. Traffic fields come from the event's own referrer, so only the entry
 * pageview carries the visit's source and UTM tags; later events of the visit carry ''. The first
 * event gets `firstOfDay` unless the visit says otherwise.
 */
function visit(v: Visit, firstOfDay: boolean, steps: Step[], site = 'demo'): AnalyticsEvent[] {
  return steps.map(([time, name, path, extra], i) => ({
    time: new Date(time),
    site,
    name,
    path,
    ...v,
    ...(i === 0 ? {} : { source: '', referrerHost: '', utmSource: '', utmMedium: '', utmCampaign: '' }),
    utmTerm: '',
    utmContent: '',
    firstOfDay: firstOfDay && i === 0,
    engagedMs: 0,
    props: {},
    ...extra,
  }));
}

const engaged = (ms: number) => ({ engagedMs: ms });

export const fixtureEvents: AnalyticsEvent[] = [
  // Thursday 2026-11-19 (Berlin): the previous day, for comparisons.
  ...visit({ ...blank, source: '', country: 'DE', ...firefox, sessionId: 'h1' }, true, [
    ['2026-11-19T10:00:00Z', 'pageview', '/'],
    ['2026-11-19T10:00:10Z', 'engagement', '/', engaged(10_000)],
    ['2026-11-19T10:01:00Z', 'pageview', '/about'],
    ['2026-11-19T10:01:20Z', 'engagement', '/about', engaged(20_000)],
  ]),
  // Friday 2026-11-20 (Berlin). A: from Google, two pages, signs up.
  ...visit(
    { ...blank, source: 'Google', referrerHost: 'google.com', country: 'DE', ...firefox, sessionId: 'a1' },
    true,
    [
      ['2026-11-20T09:00:00Z', 'pageview', '/'],
      ['2026-11-20T09:00:30Z', 'engagement', '/', engaged(30_000)],
      ['2026-11-20T09:01:00Z', 'pageview', '/pricing'],
      ['2026-11-20T09:02:00Z', 'engagement', '/pricing', engaged(60_000)],
      ['2026-11-20T09:02:10Z', 'Signup', '/pricing', { props: { plan: 'pro' } }],
    ],
  ),
  // B: direct, one page (a bounce).
  ...visit(
    {
      ...blank,
      source: '',
      country: 'FR',
      browser: 'Chrome',
      browserVersion: '131',
      os: 'Windows',
      device: 'desktop',
      sessionId: 'b1',
    },
    true,
    [
      ['2026-11-20T10:00:00Z', 'pageview', '/pricing'],
      ['2026-11-20T10:00:20Z', 'engagement', '/pricing', engaged(20_000)],
    ],
  ),
  // C: from the newsletter on a phone, three pages, clicks an outbound link (a URL CSV must quote).
  ...visit(
    {
      ...blank,
      source: 'Newsletter',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'nov',
      country: 'DE',
      browser: 'Safari',
      browserVersion: '17',
      os: 'iOS',
      device: 'mobile',
      sessionId: 'c1',
    },
    true,
    [
      ['2026-11-20T11:00:00Z', 'pageview', '/blog/hello'],
      ['2026-11-20T11:00:40Z', 'engagement', '/blog/hello', engaged(40_000)],
      ['2026-11-20T11:01:00Z', 'pageview', '/'],
      ['2026-11-20T11:01:10Z', 'engagement', '/', engaged(10_000)],
      ['2026-11-20T11:02:00Z', 'pageview', '/pricing'],
      ['2026-11-20T11:03:00Z', 'engagement', '/pricing', engaged(50_000)],
      ['2026-11-20T11:03:10Z', 'Outbound Link: Click', '/pricing', { props: { url: 'https://example.com/q?x="a",b' } }],
    ],
  ),
  // D: A's visitor again the same day (so not first of day), from Bing, downloads a file.
  ...visit({ ...blank, source: 'Bing', referrerHost: 'bing.com', country: 'DE', ...firefox, sessionId: 'a2' }, false, [
    ['2026-11-20T15:00:00Z', 'pageview', '/features'],
    ['2026-11-20T15:00:05Z', 'engagement', '/features', engaged(5_000)],
    ['2026-11-20T15:00:10Z', 'File Download', '/features', { props: { url: 'https://cdn.example/guide.pdf' } }],
  ]),
  // E: 23:30 UTC on the 20th is 00:30 on Saturday the 21st in Berlin. Hits a 404.
  ...visit(
    {
      ...blank,
      source: 'Google',
      referrerHost: 'google.com',
      country: 'US',
      browser: 'Edge',
      browserVersion: '131',
      os: 'Windows',
      device: 'desktop',
      sessionId: 'e1',
    },
    true,
    [
      ['2026-11-20T23:30:00Z', 'pageview', '/'],
      ['2026-11-20T23:30:15Z', 'engagement', '/', engaged(15_000)],
      ['2026-11-20T23:31:00Z', 'pageview', '/missing'],
      ['2026-11-20T23:31:01Z', '404', '/missing', { props: { path: '/missing' } }],
      ['2026-11-20T23:31:10Z', 'engagement', '/missing', engaged(1_000)],
    ],
  ),
  // F: Saturday 2026-11-21, from Google on a phone, one page, signs up.
  ...visit(
    {
      ...blank,
      source: 'Google',
      referrerHost: 'google.com',
      country: 'DE',
      browser: 'Chrome',
      browserVersion: '131',
      os: 'Android',
      device: 'mobile',
      sessionId: 'f1',
    },
    true,
    [
      ['2026-11-21T12:00:00Z', 'pageview', '/pricing'],
      ['2026-11-21T12:00:30Z', 'Signup', '/pricing', { props: { plan: 'team' } }],
      ['2026-11-21T12:01:00Z', 'engagement', '/pricing', engaged(45_000)],
    ],
  ),
  // G: a session with no pageview (an engagement beacon after 30 idle minutes): not a visit.
  ...visit({ ...blank, source: '', country: 'DE', ...firefox, sessionId: 'g1' }, true, [
    ['2026-11-21T13:00:00Z', 'engagement', '/pricing', engaged(7_000)],
  ]),
  // Another site's visit on the same day: never in `demo`'s reports.
  ...visit(
    { ...blank, source: 'Google', country: 'DE', ...firefox, sessionId: 'x1' },
    true,
    [['2026-11-20T09:00:00Z', 'pageview', '/']],
    'other',
  ),
];

export const fixtureDropped: DroppedCount[] = [
  { day: '2026-11-19', site: 'demo', reason: 'bot', count: 100 },
  { day: '2026-11-20', site: 'demo', reason: 'bot', count: 5 },
  { day: '2026-11-20', site: 'demo', reason: 'headless', count: 2 },
  { day: '2026-11-21', site: 'demo', reason: 'bot', count: 1 },
  { day: '2026-11-20', site: '', reason: 'unknown_host', count: 9 },
];
