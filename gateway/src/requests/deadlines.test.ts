import { describe, expect, it } from 'vitest';
import { addCalendarMonths, daysLeft, dueDate, dueDay, extendedDueDate, reminderStage } from './deadlines.ts';

const d = (iso: string) => new Date(iso);

describe('addCalendarMonths', () => {
  it.each([
    ['2026-03-15', 1, '2026-04-15'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-01-29', 1, '2028-02-29'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2027-12-31', 2, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-28'],
  ])('%s + %i month(s) is %s', (day, n, expected) => {
    expect(addCalendarMonths(day, n)).toBe(expected);
  });
});

describe('dueDate', () => {
  it.each([
    // GDPR: same day next month, clamped to the month's end; due at the end of that day.
    ['gdpr', '2026-03-15T10:00:00Z', 'UTC', '2026-04-15T23:59:59.999Z'],
    ['gdpr', '2028-01-31T08:00:00Z', 'UTC', '2028-02-29T23:59:59.999Z'],
    ['gdpr', '2027-01-31T08:00:00Z', 'UTC', '2027-02-28T23:59:59.999Z'],
    ['gdpr', '2026-12-31T08:00:00Z', 'UTC', '2027-01-31T23:59:59.999Z'],
    // Receipt is counted in the company's zone: 23:30 UTC on Jan 31 is Feb 1 in Berlin.
    ['gdpr', '2026-01-31T23:30:00Z', 'Europe/Berlin', '2026-03-01T22:59:59.999Z'],
    // Across the spring DST change the deadline still ends at local midnight (now UTC+2).
    ['gdpr', '2026-03-01T12:00:00Z', 'Europe/Berlin', '2026-04-01T21:59:59.999Z'],
    // CCPA: 45 calendar days.
    ['ccpa', '2026-01-01T12:00:00Z', 'UTC', '2026-02-15T23:59:59.999Z'],
    ['ccpa', '2026-02-20T18:00:00Z', 'America/Los_Angeles', '2026-04-07T06:59:59.999Z'], // end of Apr 6, PDT,
    ['ccpa', '2028-01-20T12:00:00Z', 'UTC', '2028-03-05T23:59:59.999Z'],
  ] as const)('%s, received %s in %s, is due %s', (jurisdiction, received, tz, due) => {
    expect(dueDate(d(received), jurisdiction, tz).toISOString()).toBe(due);
  });

  it('names the due day in the zone', () => {
    expect(dueDay(d('2026-01-31T23:30:00Z'), 'gdpr', 'Europe/Berlin')).toBe('2026-03-01');
    expect(dueDay(d('2026-01-31T23:30:00Z'), 'gdpr', 'UTC')).toBe('2026-02-28');
  });
});

describe('extendedDueDate', () => {
  it.each([
    ['gdpr', '2027-02-28T23:59:59.999Z', 'UTC', '2027-04-28T23:59:59.999Z'],
    ['gdpr', '2026-03-31T23:59:59.999Z', 'UTC', '2026-05-31T23:59:59.999Z'],
    ['gdpr', '2027-12-31T23:59:59.999Z', 'UTC', '2028-02-29T23:59:59.999Z'],
    // The original due (end of Mar 1, Berlin) extends to the end of May 1, Berlin summer time.
    ['gdpr', '2026-03-01T22:59:59.999Z', 'Europe/Berlin', '2026-05-01T21:59:59.999Z'],
    ['ccpa', '2026-02-15T23:59:59.999Z', 'UTC', '2026-04-01T23:59:59.999Z'],
  ] as const)('%s: %s extends to %s', (jurisdiction, due, tz, extended) => {
    expect(extendedDueDate(d(due), jurisdiction, tz).toISOString()).toBe(extended);
  });

  it('chains with dueDate: a GDPR request received on Jan 31 is due Feb 28, then Apr 28', () => {
    const due = dueDate(d('2027-01-31T09:00:00Z'), 'gdpr', 'UTC');
    expect(extendedDueDate(due, 'gdpr', 'UTC').toISOString()).toBe('2027-04-28T23:59:59.999Z');
  });
});

describe('daysLeft and reminderStage', () => {
  const due = d('2026-04-15T23:59:59.999Z');
  it.each([
    ['2026-04-01T12:00:00Z', 14, undefined],
    ['2026-04-08T00:00:00Z', 7, '7d'],
    ['2026-04-12T23:00:00Z', 3, '7d'],
    ['2026-04-13T00:00:00Z', 2, '2d'],
    ['2026-04-15T23:59:59.999Z', 0, '2d'],
    ['2026-04-16T00:00:00Z', -1, 'overdue'],
    ['2026-05-01T00:00:00Z', -16, 'overdue'],
  ] as const)('at %s: %i days left, stage %s', (now, left, stage) => {
    expect(daysLeft(due, d(now), 'UTC')).toBe(left);
    expect(reminderStage(due, d(now), 'UTC')).toBe(stage);
  });

  it('counts calendar days in the zone, so a DST night is still one day', () => {
    const berlinDue = d('2026-03-30T21:59:59.999Z'); // end of Mar 30, CEST
    expect(daysLeft(berlinDue, d('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe(1); // Mar 29, 00:30 CET
    expect(daysLeft(berlinDue, d('2026-03-28T22:30:00Z'), 'UTC')).toBe(2);
  });
});
