import { describe, expect, it } from 'vitest';
import { bucketsOf, distinctStarts } from './buckets.ts';
import { addMonths, dayIn, instantOf, isDay, mondayOf } from './dates.ts';

const iso = (d: Date) => d.toISOString();

describe('calendar days', () => {
  it.each([
    ['2026-11-20', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['1969-12-31', false],
  ])('isDay(%s) is %s', (day, ok) => {
    expect(isDay(day)).toBe(ok);
  });

  it.each([
    ['2026-11-23', '2026-11-23'],
    ['2026-11-22', '2026-11-16'],
    ['2026-11-20', '2026-11-16'],
    ['2027-01-01', '2026-12-28'],
  ])('the Monday of %s is %s', (day, monday) => {
    expect(mondayOf(day)).toBe(monday);
  });

  it('adds months across years', () => {
    expect([addMonths('2026-11-21', -11), addMonths('2026-12-05', 1), addMonths('2026-01-31', -1)]).toEqual([
      '2025-12-01',
      '2027-01-01',
      '2025-12-01',
    ]);
  });
});

describe('instants in a zone', () => {
  it.each([
    ['2026-11-20', 0, 'Europe/Berlin', '2026-11-19T23:00:00.000Z'],
    ['2026-07-01', 0, 'Europe/Berlin', '2026-06-30T22:00:00.000Z'],
    ['2026-11-20', 0, 'Asia/Kathmandu', '2026-11-19T18:15:00.000Z'],
    ['2026-11-20', 5, 'America/St_Johns', '2026-11-20T08:30:00.000Z'],
    // Spring forward in Berlin: 02:00 does not exist; the clock jumps to 03:00 at 01:00 UTC.
    ['2026-03-29', 2, 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', 3, 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    // Fall back: 02:00 happens twice; the first one counts.
    ['2026-10-25', 2, 'Europe/Berlin', '2026-10-25T00:00:00.000Z'],
    ['2026-10-25', 3, 'Europe/Berlin', '2026-10-25T02:00:00.000Z'],
  ])('%s %i:00 in %s is %s', (day, hour, tz, expected) => {
    expect(iso(instantOf(day, hour, tz))).toBe(expected);
  });

  it('dayIn names the local day of an instant', () => {
    const t = Date.parse('2026-11-20T23:30:00Z');
    expect([dayIn(t, 'Europe/Berlin'), dayIn(t, 'UTC'), dayIn(t, 'Pacific/Honolulu')]).toEqual([
      '2026-11-21',
      '2026-11-20',
      '2026-11-20',
    ]);
  });
});

describe('bucketsOf', () => {
  it('labels 24 hours on a spring-forward day; the skipped one shares the next start', () => {
    const hours = bucketsOf('2026-03-29', '2026-03-29', 'hour', 'Europe/Berlin');
    expect(hours).toHaveLength(24);
    expect(hours[2]?.label).toBe('2026-03-29 02:00');
    expect(iso(hours[2]?.start ?? new Date(0))).toBe(iso(hours[3]?.start ?? new Date(1)));
    expect(distinctStarts(hours)).toHaveLength(23);
  });

  it('clips week and month labels to the range', () => {
    expect(bucketsOf('2026-11-20', '2026-12-02', 'week', 'UTC').map((b) => b.label)).toEqual([
      '2026-11-20',
      '2026-11-23',
      '2026-11-30',
    ]);
    expect(bucketsOf('2026-11-20', '2027-01-05', 'month', 'UTC').map((b) => b.label)).toEqual([
      '2026-11-20',
      '2026-12-01',
      '2027-01-01',
    ]);
  });

  it('starts each day at local midnight', () => {
    const days = bucketsOf('2026-10-24', '2026-10-26', 'day', 'Europe/Berlin').map((b) => iso(b.start));
    expect(days).toEqual(['2026-10-23T22:00:00.000Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });
});
