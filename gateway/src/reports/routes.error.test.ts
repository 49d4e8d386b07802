import { describe, expect, it } from 'vitest';
import { recordingStats, statsApp } from './test-app.ts';

const range = 'from=2026-11-01&to=2026-11-30';
const eleven = Array.from({ length: 11 }, (_, i) => `country==C${i}`).join(';');

// [what, path, the detail it must answer with]
const cases: [string, string, RegExp][] = [
  ['an impossible date', '/api/stats/summary?from=2026-02-30&to=2026-03-01', /^from: must be a date as YYYY-MM-DD/],
  ['a date in another format', '/api/stats/summary?from=01.11.2026&to=2026-11-30', /^from: must be a date/],
  ['from after to', '/api/stats/summary?from=2026-11-21&to=2026-11-20', /^from: must not be after to/],
  ['from without to', '/api/stats/summary?from=2026-11-01', /^to: is required with from/],
  ['to without from', '/api/stats/summary?to=2026-11-01', /^from: is required with to/],
  ['both period and dates', `/api/stats/summary?period=7d&${range}`, /^period: give either period or from and to/],
  ['a range over 3 years', '/api/stats/summary?from=2020-01-01&to=2026-11-30', /^to: a range is at most 1096 days/],
  ['an unknown period', '/api/stats/summary?period=week', /^period:/],
  ['an unknown time zone', `/api/stats/summary?${range}&tz=Mars/Olympus_Mons`, /^tz: must be an IANA time zone/],
  ['an unknown site', `/api/stats/summary?${range}&site=example.org`, /^site: is not a configured site/],
  [
    'filters without an operator',
    `/api/stats/summary?${range}&filters=country`,
    /^filters: "country" is not dimension==value/,
  ],
  [
    'a filter on an unknown dimension',
    `/api/stats/summary?${range}&filters=city==Berlin`,
    /^filters: unknown dimension "city"/,
  ],
  ['a filter with one =', `/api/stats/summary?${range}&filters=country=DE`, /^filters:/],
  ['11 filters', `/api/stats/summary?${range}&filters=${eleven}`, /^filters: at most 10 filters/],
  [
    'a filter with 21 values',
    `/api/stats/summary?${range}&filters=country==${'A|'.repeat(20)}B`,
    /^filters: at most 20 values/,
  ],
  [
    'a control character in a filter',
    `/api/stats/summary?${range}&filters=page==%2Fa%0Ab`,
    /^filters: a value may not hold control/,
  ],
  ['an unknown interval', `/api/stats/timeseries?${range}&interval=minute`, /^interval:/],
  [
    'hours over 60 days',
    '/api/stats/timeseries?from=2026-09-01&to=2026-10-30&interval=hour',
    /^interval: hour is for ranges of at most 31 days/,
  ],
  ['a huge limit', `/api/stats/breakdown?${range}&property=page&limit=5000`, /^limit: must be at most 1000/],
  ['limit 0', `/api/stats/breakdown?${range}&property=page&limit=0`, /^limit: must be at least 1/],
  ['a negative limit', `/api/stats/breakdown?${range}&property=page&limit=-5`, /^limit: must be a whole number/],
  ['a fractional page', `/api/stats/breakdown?${range}&property=page&page=1.5`, /^page: must be a whole number/],
  ['page 0', `/api/stats/breakdown?${range}&property=page&page=0`, /^page: must be at least 1/],
  ['a breakdown without property', `/api/stats/breakdown?${range}`, /^property: is required/],
  ['an unknown property', `/api/stats/breakdown?${range}&property=ip_address`, /^property: must be one of page, event/],
  [
    'a prop without its event',
    `/api/stats/breakdown?${range}&property=prop:plan`,
    /^event: is required with prop:plan/,
  ],
  [
    'an event with a dimension',
    `/api/stats/breakdown?${range}&property=source&event=Signup`,
    /^event: is only for property=prop/,
  ],
  ['a prop key with a quote', `/api/stats/breakdown?${range}&property=prop:a%22b&event=Signup`, /^property:/],
  ['an overlong event name', `/api/stats/breakdown?${range}&property=prop:a&event=${'e'.repeat(121)}`, /^event:/],
  [
    'a goal of an unknown kind',
    `/api/stats/summary?${range}&goal=visit:x`,
    /^goal: must be event:<name> or page:\/<path>/,
  ],
  ['a page goal without a slash', `/api/stats/summary?${range}&goal=page:pricing`, /^goal:/],
  ['an unknown comparison', `/api/stats/summary?${range}&compare=year`, /^compare:/],
  ['an unknown format', `/api/stats/summary?${range}&format=xml`, /^format:/],
  ['a misspelt parameter', `/api/stats/summary?${range}&filter=country==DE`, /^filter: unknown parameter for summary/],
  [
    'a parameter of another report',
    `/api/stats/summary?${range}&interval=day`,
    /^interval: unknown parameter for summary/,
  ],
  [
    'a breakdown parameter on realtime',
    '/api/stats/realtime?property=page',
    /^property: unknown parameter for realtime/,
  ],
  ['a repeated parameter', `/api/stats/summary?${range}&site=demo&site=localhost`, /^site: give it once/],
];

describe('GET /api/stats/* refuses bad parameters with a 400 problem naming the parameter', () => {
  it.each(cases)('%s', async (_, path, detail) => {
    const { stats, calls } = recordingStats();
    const res = await statsApp(stats).app.request(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await res.json();
    expect(body.detail).toMatch(detail);
    expect(body).toMatchObject({ status: 400, type: 'urn:candor:problem:validation_failed' });
    expect(calls).toEqual([]);
  });
});

describe('a failing store', () => {
  it('answers a 500 problem that leaks nothing of the error', async () => {
    const { stats } = recordingStats(new Error('Binder Error: column "secret_column" not found'));
    const { app, logs } = statsApp(stats);
    const res = await app.request(`/api/stats/summary?${range}`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret_column');
    expect(text).toContain('requestId');
    expect(logs()).toContain('secret_column');
  });
});
