import { describe, expect, it } from 'vitest';
import { createMemoryMailTransport } from '../mail/port.ts';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import type { Role } from '../store/records.ts';
import { demoConfig } from '../testing.ts';
import { composeDigest, type DigestInput, dueWeek, sendWeeklyDigests } from './digest.ts';
import { isoWeekOf, mondayOfIsoWeek } from './iso-week.ts';
import type { Metrics } from './metrics.ts';
import type { Reports } from './service.ts';

const site = demoConfig.sites[0];
const metrics = (m: Partial<Metrics>): Metrics => ({
  visitors: 0,
  visits: 0,
  pageviews: 0,
  views_per_visit: 0,
  bounce_rate: 0,
  visit_duration: 0,
  events: 0,
  ...m,
});

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  if (!site) throw new Error('demo config has no site');
  return {
    config: demoConfig,
    site,
    summary: metrics({ visitors: 1250, visits: 1400, pageviews: 3000, bounce_rate: 0.42, visit_duration: 61 }),
    previous: metrics({ visitors: 1000, visits: 1400, pageviews: 0, bounce_rate: 0.5, visit_duration: 60 }),
    topSources: [{ value: 'Google', visitors: 700 }],
    topPages: [{ value: '/pricing', visitors: 300 }],
    from: '2026-11-16',
    to: '2026-11-22',
    ...overrides,
  };
}

describe('composeDigest', () => {
  it('gives each number with its change against the previous week', () => {
    const { subject, text } = composeDigest(input());
    expect(subject).toBe('Tidewater (demo): your week in numbers (2026-11-16 to 2026-11-22)');
    expect(text).toContain('Visitors: 1,250 (+25% vs last week (1,000))');
    expect(text).toContain('Visits: 1,400 (same as last week)');
    expect(text).toContain('Pageviews: 3,000 (up from 0 last week)');
    expect(text).toContain('Bounce rate: 42% (-16% vs last week (50%))');
    expect(text).toContain('  Google: 700');
    expect(text).toContain('  /pricing: 300');
  });

  it('escapes a hostile source name and loads nothing from elsewhere', () => {
    const hostile = '<img src=x onerror="alert(1)">&';
    const { html, text } = composeDigest(input({ topSources: [{ value: hostile, visitors: 3 }] }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;: 3');
    // No image or other resource: the only URL is the link to switch the digest off.
    expect(html).not.toMatch(/<(img|script|link|iframe)\b/);
    expect(new Set(html.match(/https?:\/\/[^"<\s]+/g))).toEqual(
      new Set(['http://localhost:8080/admin/account#digest']),
    );
    expect(text).toContain(hostile);
  });

  it('says where every recipient turns it off: their own account page, linked (not the admin-only Users)', () => {
    const { html, text } = composeDigest(input());
    expect(text).toContain('Turn it off: http://localhost:8080/admin/account#digest');
    expect(html).toContain('<a href="http://localhost:8080/admin/account#digest">');
    expect(text).not.toContain('under Users');
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-11-22', '2026-W47'],
    ['2026-11-16', '2026-W47'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeekOf(day)).toBe(week);
  });

  it.each([
    ['2026-W47', '2026-11-16'],
    ['2020-W53', '2020-12-28'],
    ['2025-W01', '2024-12-30'],
    ['2026-W53', '2026-12-28'],
    ['2025-W53', undefined],
    ['2026-W00', undefined],
    ['nonsense', undefined],
  ])('%s starts on %s', (week, monday) => {
    expect(mondayOfIsoWeek(week)).toBe(monday);
  });

  it('is due from Monday 08:00 site time, never before', () => {
    // Berlin is UTC+1 in November: 08:00 there is 07:00Z.
    expect(dueWeek('Europe/Berlin', Date.parse('2026-11-23T06:59:59Z'))).toBeUndefined();
    expect(dueWeek('Europe/Berlin', Date.parse('2026-11-23T07:00:00Z'))).toBe('2026-W47');
    expect(dueWeek('Europe/Berlin', Date.parse('2026-11-29T22:00:00Z'))).toBe('2026-W47');
  });
});

describe('sendWeeklyDigests', () => {
  const fakeReports = () => {
    const asked: { from: string; to: string; compare?: string }[] = [];
    const reports: Pick<Reports, 'summary' | 'breakdown'> = {
      async summary(q) {
        asked.push({ from: q.from, to: q.to, compare: q.compare?.from });
        return {
          site: q.site,
          from: q.from,
          to: q.to,
          tz: q.tz,
          filters: '',
          goal: null,
          results: metrics({ visitors: 20 }),
          comparison: { from: '', to: '', results: metrics({ visitors: 10 }) },
          dropped_events: { total: 0, reasons: {} },
        };
      },
      async breakdown(q) {
        return {
          site: q.site,
          from: q.from,
          to: q.to,
          tz: q.tz,
          filters: '',
          goal: null,
          property: 'source',
          columns: ['value', 'visitors'],
          page: 1,
          limit: 5,
          more: false,
          results: [{ value: '', visitors: 4 }],
        };
      },
    };
    return { reports, asked };
  };

  async function setup() {
    const records = createMemoryRecordStore();
    const add = async (email: string, role: Role, optIn: boolean) =>
      records.users.create({ email, role, passwordHash: 'x', createdAt: new Date(), digestOptIn: optIn });
    await add('admin@example.com', 'admin', true);
    await add('marketer@example.com', 'marketer', true);
    await add('privacy@example.com', 'privacy', true);
    await add('quiet@example.com', 'marketer', false);
    const gone = await add('gone@example.com', 'admin', true);
    await records.users.disable(gone.id, new Date());
    const mail = createMemoryMailTransport();
    const { reports, asked } = fakeReports();
    const send = (iso: string, week?: string) =>
      sendWeeklyDigests({ records, reports, config: demoConfig, mail, now: Date.parse(iso), week });
    return { records, mail, asked, send };
  }

  it('mails last week once to opted-in, active admins and marketers only', async () => {
    const { mail, asked, send } = await setup();
    expect(await send('2026-11-23T07:30:00Z')).toBe(2);
    expect(mail.sent.map((m) => m.to).sort()).toEqual(['admin@example.com', 'marketer@example.com']);
    expect(asked[0]).toEqual({ from: '2026-11-16', to: '2026-11-22', compare: '2026-11-09' });
    expect(mail.sent[0]?.text).toContain('Visitors: 20 (+100% vs last week (10))');
    expect(mail.sent[0]?.text).toContain('  (direct): 4');
  });

  it('sends nothing again the same week, even from a new process, and sends the next week', async () => {
    const { mail, send } = await setup();
    await send('2026-11-23T07:30:00Z');
    expect(await send('2026-11-23T08:30:00Z')).toBe(0);
    expect(await send('2026-11-29T20:00:00Z')).toBe(0);
    expect(await send('2026-11-30T07:30:00Z')).toBe(2);
    expect(mail.sent).toHaveLength(4);
  });

  it('is a no-op before Monday 08:00 site time', async () => {
    const { mail, send } = await setup();
    expect(await send('2026-11-23T06:30:00Z')).toBe(0);
    expect(mail.sent).toHaveLength(0);
  });

  it('sends a named week on demand without moving the record back', async () => {
    const { records, asked, send } = await setup();
    await send('2026-11-23T07:30:00Z');
    expect(await send('2026-11-23T09:00:00Z', '2026-W40')).toBe(2);
    expect(asked.at(-1)).toMatchObject({ from: '2026-09-28', to: '2026-10-04' });
    expect(await records.digests.lastSentWeek('demo')).toBe('2026-W47');
  });

  it('leaves the week unsent when a message fails, so the next hour retries', async () => {
    const { records, send, mail } = await setup();
    const original = mail.send;
    mail.send = async () => {
      throw new Error('disk full');
    };
    await expect(send('2026-11-23T07:30:00Z')).rejects.toThrow('disk full');
    expect(await records.digests.lastSentWeek('demo')).toBeUndefined();
    mail.send = original;
    expect(await send('2026-11-23T08:30:00Z')).toBe(2);
  });
});
