import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureStats } from '../reports/test-app.ts';
import type { ConsentAction, NewGoal, RecordStore } from '../store/records.ts';
import { testApp } from '../testing.ts';
import { signedIn } from './fixtures.ts';

// Friday 2026-11-20 in Berlin holds visits A, B, C and D of reports/fixtures.ts: A, B and C view
// /pricing, only A sends Signup, and only A came from Google.
const FRIDAY = '/admin/reports?from=2026-11-20&to=2026-11-20';
const GOALS: Omit<NewGoal, 'createdBy'>[] = [
  { name: 'Viewed pricing', kind: 'page', value: '/pricing' },
  { name: 'Signed up', kind: 'event', value: 'Signup' },
  { name: 'Booked a demo', kind: 'event', value: 'Demo' },
];
const CONSENT_ID = '3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00';

let fixture: Awaited<ReturnType<typeof fixtureStats>>;
beforeAll(async () => {
  fixture = await fixtureStats();
});
afterAll(() => fixture.close());

async function marketer(seed: (records: RecordStore) => Promise<void> = async () => {}) {
  const { app, deps } = testApp({ stats: fixture.stats });
  await seed(deps.records);
  const { headers } = await signedIn(app, deps, 'marketer');
  return async (path: string) => {
    const res = await app.request(path, { headers });
    expect(res.status).toBe(200);
    return res.text();
  };
}

const seedGoals = async (records: RecordStore) => {
  for (const goal of GOALS) await records.goals.create({ ...goal, createdBy: 'u1' });
};

async function seedConsent(records: RecordStore) {
  const choices: [string, ConsentAction, string[]][] = [
    ['2026-11-19T12:00:00Z', 'accept_all', ['necessary', 'preferences', 'analytics', 'marketing']], // Thursday
    ['2026-11-20T10:00:00Z', 'accept_all', ['necessary', 'preferences', 'analytics', 'marketing']],
    ['2026-11-20T11:00:00Z', 'reject_all', ['necessary']],
    ['2026-11-20T12:00:00Z', 'custom', ['necessary', 'analytics']],
  ];
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    for (const [at, action, granted] of choices) {
      vi.setSystemTime(new Date(at));
      await records.consent.append({
        consentId: CONSENT_ID,
        action,
        granted,
        denied: [],
        revision: 'r1',
        configHash: 'a'.repeat(64),
        locale: 'en',
        gpc: false,
        path: '/',
      });
    }
  } finally {
    vi.useRealTimers();
  }
}

/** The cells of a table row: its header and numbers, tags dropped. */
const row = (html: string, attr: string) => {
  const tr = new RegExp(`<tr ${attr}>(.*?)</tr>`).exec(html)?.[1] ?? '';
  return [...tr.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1]?.replace(/<[^>]+>/g, '')).filter(Boolean);
};

describe('GET /admin/reports: goals', () => {
  it('shows each goal with its conversions and conversion rate for the range', async () => {
    const get = await marketer(seedGoals);
    const html = await get(FRIDAY);
    const ids = [...html.matchAll(/<tr data-goal="([^"]+)">/g)].map((m) => m[1] ?? '');
    expect(ids).toHaveLength(3);
    expect(ids.map((id) => row(html, `data-goal="${id}"`))).toEqual([
      ['Viewed pricing', 'Page viewed: /pricing', '3', '75%'],
      ['Signed up', 'Custom event: Signup', '1', '25%'],
      ['Booked a demo', 'Custom event: Demo', '0', '0%'],
    ]);
  });

  it('counts conversions among the visits the filters keep', async () => {
    const get = await marketer(seedGoals);
    const html = await get(`${FRIDAY}&filters=${encodeURIComponent('source==Google')}`);
    expect(html).toContain('Visits that reached each goal, among the visits matching the filters.');
    const cells = [...html.matchAll(/<tr data-goal="[^"]+">(.*?)<\/tr>/g)].map((m) => row(m[0], 'data-goal="[^"]+"'));
    expect(cells.map((c) => c.slice(2))).toEqual([
      ['1', '100%'],
      ['1', '100%'],
      ['0', '0%'],
    ]);
  });

  it('explains how to add a goal when there is none', async () => {
    const get = await marketer();
    const html = await get(FRIDAY);
    expect(html).toContain('No goals yet.');
    expect(html).toContain('<a href="/admin/goals">Add a goal</a>');
    expect(html).not.toContain('data-goal=');
  });
});

describe('GET /admin/reports: consent choices', () => {
  it('shows counts and rates by action and the share granting each category, for the range', async () => {
    const get = await marketer(seedConsent);
    const html = await get(FRIDAY);
    expect(html).toContain('3 choices made in the banner from 2026-11-20 to 2026-11-20');
    expect(row(html, 'data-action="accept_all"')).toEqual(['Accepted all', '1', '33.3%']);
    expect(row(html, 'data-action="reject_all"')).toEqual(['Rejected all', '1', '33.3%']);
    expect(row(html, 'data-action="custom"')).toEqual(['Chose per category', '1', '33.3%']);
    expect(row(html, 'data-action="withdraw"')).toEqual(['Withdrew', '0', '0%']);
    expect(row(html, 'data-action="gpc"')).toEqual(['Global Privacy Control', '0', '0%']);
    expect(row(html, 'data-category="preferences"')).toEqual(['Preferences', '1', '33.3%']);
    expect(row(html, 'data-category="analytics"')).toEqual(['Analytics', '2', '66.7%']);
    expect(row(html, 'data-category="marketing"')).toEqual(['Marketing', '1', '33.3%']);
  });

  it('draws the choices per day as SVG with a table, and never shows a consent id', async () => {
    const get = await marketer(seedConsent);
    const html = await get('/admin/reports?from=2026-11-19&to=2026-11-20');
    expect(html).toContain(
      '<title id="consent-chart-title">4 consent choices from 2026-11-19 to 2026-11-20, by day.</title>',
    );
    expect(html).toMatch(/<th scope="row">2026-11-19<\/th><td class="num">1<\/td><td class="num">0<\/td>/);
    expect(html).not.toContain(CONSENT_ID);
    expect(html).not.toMatch(/ style=/);
  });

  it('says when no choice was made', async () => {
    const get = await marketer();
    const html = await get(FRIDAY);
    expect(html).toContain('0 choices made in the banner');
    expect(html).not.toContain('consent-chart-title');
  });
});
