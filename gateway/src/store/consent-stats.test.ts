import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryRecordStore } from './memory/records.ts';
import type { ConsentAction, ConsentStats, NewConsentRecord, RecordStore } from './records.ts';
import { openSqliteRecordStore } from './sqlite/records.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candor-consent-stats-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

const ALL = ['necessary', 'preferences', 'analytics', 'marketing'];
// [recorded at (UTC), action, granted]. Berlin is UTC+1 in November.
const SEED: [string, ConsentAction, string[]][] = [
  ['2026-11-18T22:59:00Z', 'custom', ['necessary', 'marketing']], // Berlin 11-18 23:59: before the range
  ['2026-11-19T22:30:00Z', 'accept_all', [...ALL, 'ga4']], // Berlin 11-19 23:30
  ['2026-11-19T23:30:00Z', 'reject_all', ['necessary']], // Berlin 11-20 00:30, UTC 11-19
  ['2026-11-20T10:00:00Z', 'custom', ['necessary', 'analytics', 'ga4']],
  ['2026-11-20T11:00:00Z', 'gpc', ['necessary', 'preferences']],
  ['2026-11-21T09:00:00Z', 'withdraw', ['necessary']],
  ['2026-11-21T23:30:00Z', 'accept_all', ALL], // Berlin 11-22 00:30: after the range, UTC 11-21
];

const record = (action: ConsentAction, granted: string[]): NewConsentRecord => ({
  consentId: crypto.randomUUID(),
  action,
  granted,
  denied: ALL.filter((c) => !granted.includes(c)),
  revision: '2026-11-01',
  configHash: 'a'.repeat(64),
  locale: 'en',
  gpc: action === 'gpc',
  path: '/',
});

async function seeded(store: RecordStore): Promise<RecordStore> {
  vi.useFakeTimers({ toFake: ['Date'] });
  for (const [at, action, granted] of SEED) {
    vi.setSystemTime(new Date(at));
    await store.consent.append(record(action, granted));
  }
  vi.useRealTimers();
  return store;
}

const counts = (c: Partial<Record<ConsentAction, number>>) => ({
  accept_all: 0,
  reject_all: 0,
  custom: 0,
  withdraw: 0,
  gpc: 0,
  ...c,
});

const CASES: { name: string; tz: string; expected: ConsentStats }[] = [
  {
    name: 'Berlin days cut at local midnight',
    tz: 'Europe/Berlin',
    expected: {
      total: 5,
      byAction: counts({ accept_all: 1, reject_all: 1, custom: 1, withdraw: 1, gpc: 1 }),
      categoryGranted: { preferences: 2, analytics: 2, marketing: 1 },
      byDay: [
        { day: '2026-11-19', counts: counts({ accept_all: 1 }) },
        { day: '2026-11-20', counts: counts({ reject_all: 1, custom: 1, gpc: 1 }) },
        { day: '2026-11-21', counts: counts({ withdraw: 1 }) },
      ],
    },
  },
  {
    name: 'UTC days move the choices near midnight',
    tz: 'UTC',
    expected: {
      total: 6,
      byAction: counts({ accept_all: 2, reject_all: 1, custom: 1, withdraw: 1, gpc: 1 }),
      categoryGranted: { preferences: 3, analytics: 3, marketing: 2 },
      byDay: [
        { day: '2026-11-19', counts: counts({ accept_all: 1, reject_all: 1 }) },
        { day: '2026-11-20', counts: counts({ custom: 1, gpc: 1 }) },
        { day: '2026-11-21', counts: counts({ withdraw: 1, accept_all: 1 }) },
      ],
    },
  },
];

const ADAPTERS: [string, () => RecordStore][] = [
  ['memory', createMemoryRecordStore],
  ['SQLite', () => openSqliteRecordStore(join(dir, `${crypto.randomUUID()}.sqlite`))],
];

describe.each(ADAPTERS)('%s consent.stats', (_name, open) => {
  it.each(CASES)('$name', async ({ tz, expected }) => {
    const store = await seeded(open());
    expect(await store.consent.stats({ from: '2026-11-19', to: '2026-11-21', tz })).toEqual(expected);
    await store.close();
  });

  it('answers zeros for every day of an empty range', async () => {
    const store = await seeded(open());
    const stats = await store.consent.stats({ from: '2026-10-01', to: '2026-10-02', tz: 'Europe/Berlin' });
    expect(stats).toEqual({
      total: 0,
      byAction: counts({}),
      categoryGranted: { preferences: 0, analytics: 0, marketing: 0 },
      byDay: [
        { day: '2026-10-01', counts: counts({}) },
        { day: '2026-10-02', counts: counts({}) },
      ],
    });
    await store.close();
  });
});

describe.each(ADAPTERS)('%s goals', (_name, open) => {
  it('lists created goals oldest first and deletes one by id', async () => {
    const store = open();
    const pricing = await store.goals.create({ name: 'Pricing', kind: 'page', value: '/pricing', createdBy: 'u1' });
    const signup = await store.goals.create({ name: 'Signed up', kind: 'event', value: 'Signup', createdBy: 'u2' });
    expect(pricing).toMatchObject({ name: 'Pricing', kind: 'page', value: '/pricing', createdBy: 'u1' });
    expect(pricing.createdAt).toBeInstanceOf(Date);
    expect((await store.goals.list()).map((g) => g.id)).toEqual([pricing.id, signup.id]);
    expect(await store.goals.delete(pricing.id)).toEqual(pricing);
    expect(await store.goals.delete(pricing.id)).toBeUndefined();
    expect(await store.goals.list()).toEqual([signup]);
    await store.close();
  });
});

describe('SQLite goals', () => {
  it('survive a reopen', async () => {
    const file = join(dir, 'goals.sqlite');
    const first = openSqliteRecordStore(file);
    const goal = await first.goals.create({ name: 'Pricing', kind: 'page', value: '/pricing', createdBy: 'u1' });
    await first.close();
    const again = openSqliteRecordStore(file);
    expect(await again.goals.list()).toEqual([goal]);
    await again.close();
  });
});
