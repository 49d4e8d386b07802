import { describe, expect, it } from 'vitest';
import { sha256 } from '../testing.ts';
import { createDayOf } from './day.ts';
import { DailySalts, previousDay } from './salts.ts';
import { SESSION_IDLE_MS, Visitors } from './visitors.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const MIN = 60_000;

describe('sessions and daily uniques', () => {
  it('keeps one session while the visitor is active and starts another after 30 minutes idle', () => {
    const v = new Visitors({ hash: sha256 });
    const a = v.visit('demo', '2026-11-20', '203.0.113.1', 'UA', T0);
    const b = v.visit('demo', '2026-11-20', '203.0.113.1', 'UA', T0 + 29 * MIN);
    const c = v.visit('demo', '2026-11-20', '203.0.113.1', 'UA', T0 + 29 * MIN + SESSION_IDLE_MS + 1);
    expect(a.firstOfDay).toBe(true);
    expect(b).toEqual({ sessionId: a.sessionId, firstOfDay: false });
    expect(c.sessionId).not.toBe(a.sessionId);
    expect(c.firstOfDay).toBe(false);
  });

  it.each([
    ['another IP', '203.0.113.2', 'UA', 'demo'],
    ['another user agent', '203.0.113.1', 'UA2', 'demo'],
    ['another site', '203.0.113.1', 'UA', 'blog'],
  ])('tells visitors apart by %s', (_name, ip, ua, site) => {
    const v = new Visitors({ hash: sha256 });
    const a = v.visit('demo', '2026-11-20', '203.0.113.1', 'UA', T0);
    const b = v.visit(site, '2026-11-20', ip, ua, T0 + MIN);
    expect(b.firstOfDay).toBe(true);
    expect(b.sessionId).not.toBe(a.sessionId);
  });

  it('counts the visitor again on a new day but continues a session across midnight', () => {
    const v = new Visitors({ hash: sha256 });
    const lateNight = v.visit('demo', '2026-11-20', '203.0.113.1', 'UA', T0);
    const afterMidnight = v.visit('demo', '2026-11-21', '203.0.113.1', 'UA', T0 + 10 * MIN);
    expect(afterMidnight).toEqual({ sessionId: lateNight.sessionId, firstOfDay: true });
    const nextMorning = v.visit('demo', '2026-11-21', '203.0.113.1', 'UA', T0 + 10 * 60 * MIN);
    expect(nextMorning.firstOfDay).toBe(false);
    expect(nextMorning.sessionId).not.toBe(lateNight.sessionId);
  });

  it('starts a new session on a new day when the visitor was idle over midnight', () => {
    const v = new Visitors({ hash: sha256 });
    const a = v.visit('demo', '2026-11-20', '203.0.113.1', 'UA', T0);
    const b = v.visit('demo', '2026-11-21', '203.0.113.1', 'UA', T0 + 31 * MIN);
    expect(b.firstOfDay).toBe(true);
    expect(b.sessionId).not.toBe(a.sessionId);
  });

  it('forgets the least recent visitor past its bound (counted again: a documented overcount)', () => {
    const v = new Visitors({ hash: sha256, maxVisitors: 2 });
    v.visit('demo', '2026-11-20', '1.1.1.1', 'UA', T0);
    v.visit('demo', '2026-11-20', '2.2.2.2', 'UA', T0);
    v.visit('demo', '2026-11-20', '3.3.3.3', 'UA', T0);
    expect(v.size).toBe(2);
    expect(v.visit('demo', '2026-11-20', '1.1.1.1', 'UA', T0 + MIN).firstOfDay).toBe(true);
  });
});

describe('daily salts', () => {
  it('keeps today and yesterday only, so a salt lives at most 48 hours', () => {
    const salts = new DailySalts();
    const d1 = salts.get('demo', '2026-11-19');
    salts.get('demo', '2026-11-20');
    salts.get('demo', '2026-11-21');
    expect(salts.size).toBe(2);
    expect(salts.peek('demo', '2026-11-19')).toBeUndefined();
    expect(salts.get('demo', '2026-11-19')).not.toBe(d1); // a destroyed salt never comes back
  });

  it('rotation drops salts older than yesterday for each site', () => {
    const salts = new DailySalts();
    salts.get('demo', '2026-11-19');
    salts.get('demo', '2026-11-20');
    salts.rotate(new Map([['demo', '2026-11-21']]));
    expect(salts.peek('demo', '2026-11-19')).toBeUndefined();
    expect(salts.peek('demo', '2026-11-20')).toBeDefined();
    salts.rotate(new Map([['demo', '2026-11-22']]));
    expect(salts.size).toBe(0);
  });

  it('gives each site and day its own random salt', () => {
    const salts = new DailySalts();
    const a = salts.get('demo', '2026-11-20');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(salts.get('demo', '2026-11-20')).toBe(a);
    expect(salts.get('blog', '2026-11-20')).not.toBe(a);
    expect(new DailySalts().get('demo', '2026-11-20')).not.toBe(a);
  });

  it.each([
    ['2026-03-01', '2026-02-28'],
    ['2024-03-01', '2024-02-29'],
    ['2027-01-01', '2026-12-31'],
  ])('the day before %s is %s', (day, expected) => {
    expect(previousDay(day)).toBe(expected);
  });
});

describe('the day in a site time zone', () => {
  it.each([
    ['Europe/Berlin', '2026-11-20T22:59:00Z', '2026-11-20'],
    ['Europe/Berlin', '2026-11-20T23:00:00Z', '2026-11-21'],
    ['America/Los_Angeles', '2026-11-21T07:59:00Z', '2026-11-20'],
    ['America/Los_Angeles', '2026-11-21T08:00:00Z', '2026-11-21'],
    ['Asia/Kolkata', '2026-11-20T18:29:00Z', '2026-11-20'],
    ['Asia/Kolkata', '2026-11-20T18:30:00Z', '2026-11-21'],
    ['Europe/Berlin', '2026-03-29T22:00:00Z', '2026-03-30'], // after the spring clock change (UTC+2)
    ['UTC', '2026-11-20T23:59:59Z', '2026-11-20'],
  ])('%s at %s is %s', (tz, iso, day) => {
    const dayOf = createDayOf(tz);
    expect(dayOf(Date.parse(iso))).toBe(day);
  });

  it('rotates the salt at midnight in the site time zone, not UTC', () => {
    const dayOf = createDayOf('America/New_York');
    const v = new Visitors({ hash: sha256 });
    const beforeMidnight = Date.parse('2026-11-21T04:50:00Z'); // 23:50 in New York
    const afterMidnight = Date.parse('2026-11-21T05:10:00Z'); // 00:10 in New York
    const a = v.visit('demo', dayOf(beforeMidnight), 'ip', 'ua', beforeMidnight);
    const b = v.visit('demo', dayOf(afterMidnight), 'ip', 'ua', afterMidnight);
    expect(dayOf(beforeMidnight)).toBe('2026-11-20');
    expect(dayOf(afterMidnight)).toBe('2026-11-21');
    expect(b).toEqual({ sessionId: a.sessionId, firstOfDay: true });
    expect(v.salts.size).toBe(2);
  });
});
