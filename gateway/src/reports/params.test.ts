import { describe, expect, it } from 'vitest';
import { parseStatsQuery, type Report } from './params.ts';
import { config } from './test-app.ts';

function parse(search: string, report: Report = 'summary', now = '2026-11-21T13:00:00Z') {
  return parseStatsQuery(new URLSearchParams(search), report, { config, now: () => Date.parse(now) });
}
const iso = (d: Date) => d.toISOString();

describe('parseStatsQuery', () => {
  it('turns Berlin days into UTC instants, end exclusive', () => {
    const q = parse('from=2026-11-20&to=2026-11-21');
    expect([q.site, q.tz, iso(q.start), iso(q.end)]).toEqual([
      'demo',
      'Europe/Berlin',
      '2026-11-19T23:00:00.000Z',
      '2026-11-21T23:00:00.000Z',
    ]);
  });

  it('gives a spring-forward day 23 hours and an autumn day 25', () => {
    const spring = parse('from=2026-03-29&to=2026-03-29');
    const autumn = parse('from=2026-10-25&to=2026-10-25');
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
  });

  it.each([
    ['today', '2026-11-21', '2026-11-21'],
    ['7d', '2026-11-15', '2026-11-21'],
    ['30d', '2026-10-23', '2026-11-21'],
    ['month', '2026-11-01', '2026-11-21'],
    ['12m', '2025-12-01', '2026-11-21'],
  ])('period=%s ends today in the zone: %s to %s', (period, from, to) => {
    expect(parse(`period=${period}`)).toMatchObject({ from, to });
  });

  it('defaults to the last 30 days', () => {
    expect(parse('')).toMatchObject({ from: '2026-10-23', to: '2026-11-21' });
  });

  it('takes "today" in the requested zone, not the server’s', () => {
    const now = '2026-11-20T23:30:00Z';
    expect(parse('period=today', 'summary', now).from).toBe('2026-11-21');
    expect(parse('period=today&tz=UTC', 'summary', now).from).toBe('2026-11-20');
    expect(parse('period=today&tz=America/Los_Angeles', 'summary', now).from).toBe('2026-11-20');
  });

  it('compare=previous is the range of equal length just before', () => {
    const q = parse('from=2026-11-01&to=2026-11-30&compare=previous');
    expect(q.compare).toMatchObject({ from: '2026-10-02', to: '2026-10-31' });
    expect(iso(q.compare?.end ?? new Date(0))).toBe(iso(q.start));
  });

  it.each([
    ['from=2026-11-20&to=2026-11-20', 'hour'],
    ['from=2026-11-01&to=2026-11-30', 'day'],
    ['from=2026-01-01&to=2026-12-31', 'month'],
    ['from=2026-01-01&to=2026-12-31&interval=week', 'week'],
  ])('interval for %s is %s', (search, interval) => {
    expect(parse(search, 'timeseries').interval).toBe(interval);
  });

  it('a breakdown page becomes an offset', () => {
    expect(parse('property=page&limit=50&page=3', 'breakdown')).toMatchObject({ limit: 50, page: 3, offset: 100 });
    expect(parse('property=page', 'breakdown')).toMatchObject({ limit: 100, page: 1, offset: 0 });
  });

  it.each([
    ['property=source', { kind: 'session', dimension: 'source' }],
    ['property=page', { kind: 'page' }],
    ['property=event', { kind: 'event' }],
    ['property=prop:plan&event=Signup', { kind: 'prop', event: 'Signup', key: 'plan' }],
    ['property=outbound_link', { kind: 'prop', event: 'Outbound Link: Click', key: 'url' }],
    ['property=not_found', { kind: 'prop', event: '404', key: 'path' }],
  ])('%s', (search, breakdown) => {
    expect(parse(search, 'breakdown').breakdown).toEqual(breakdown);
  });

  it('property names that are Object keys are still unknown', () => {
    expect(() => parse('property=constructor', 'breakdown')).toThrow(/^property:/);
    expect(() => parse('property=toString', 'breakdown')).toThrow(/^property:/);
  });

  it('goals and filters', () => {
    const q = parse('goal=page:/pricing&filters=source==Google;page!=/a\\;b');
    expect(q.goal).toEqual({ kind: 'page', path: '/pricing' });
    expect(q.filters).toEqual([
      { dimension: 'source', op: 'is', values: ['Google'] },
      { dimension: 'page', op: 'is_not', values: ['/a;b'] },
    ]);
  });
});
