import { describe, expect, it } from 'vitest';
import { testUnsubscribe } from '../requests/workflow.fixtures.ts';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import { ALL_LISTS, type Suppression } from '../store/records.ts';
import { demoConfig } from '../testing.ts';
import { LINK_CLOCK_SKEW_MS, lockOf } from './lift.ts';

const ISSUED = new Date('2026-03-01T09:00:00.000Z');
const link = { list: 'newsletter', issuedAt: ISSUED };
const row = (over: Partial<Suppression>): Suppression => ({
  emailHash: 'h1',
  list: 'newsletter',
  source: 'page',
  linkList: 'newsletter',
  createdAt: new Date(ISSUED.getTime() + 60_000),
  ...over,
});

describe('lockOf: what a newsletter link may lift', () => {
  it.each([
    ['its own list, made by its list’s link', row({}), undefined],
    ['its own list, made by one-click', row({ source: 'one-click' }), undefined],
    ['its own list, made through another list’s link', row({ linkList: 'product-updates' }), undefined],
    ['another list, made on its own page', row({ list: 'product-updates' }), undefined],
    ['"all lists" made on its own page', row({ list: ALL_LISTS }), undefined],
    ['its own list, from before link lists were recorded', row({ linkList: null }), undefined],
    ['its own list, made by the API', row({ source: 'api', linkList: null }), 'not-link'],
    ['its own list, made by the officer', row({ source: 'admin', linkList: null }), 'not-link'],
    [
      '"all lists" made by a privacy request',
      row({ list: ALL_LISTS, source: 'privacy-request', linkList: null }),
      'not-link',
    ],
    ['another list, made by its own link', row({ list: 'product-updates', linkList: 'product-updates' }), 'other-link'],
    [
      '"all lists" made through another list’s link',
      row({ list: ALL_LISTS, linkList: 'product-updates' }),
      'other-link',
    ],
    ['"all lists" from before link lists were recorded', row({ list: ALL_LISTS, linkList: null }), 'other-link'],
    [
      'its own list, switched off an hour before the link was issued',
      row({ createdAt: new Date(ISSUED.getTime() - 3_600_000) }),
      'before-link',
    ],
    [
      'its own list, switched off within the clock allowance',
      row({ createdAt: new Date(ISSUED.getTime() - LINK_CLOCK_SKEW_MS) }),
      undefined,
    ],
  ] as const)('%s', (_name, r, reason) => {
    expect(lockOf(r, link)?.reason).toBe(reason);
  });
});

describe('change() from a link source', () => {
  it('without the link it came with, removes nothing, and says so', async () => {
    const unsubscribe = testUnsubscribe(demoConfig, createMemoryRecordStore(), Date.now);
    await unsubscribe.change('ann@example.com', { add: ['newsletter'] }, 'one-click');
    const result = await unsubscribe.change('ann@example.com', { remove: ['newsletter'] }, 'page');
    expect(result).toMatchObject({ removed: [], refused: ['newsletter'] });
    expect((await unsubscribe.state('ann@example.com')).lists).toEqual(['newsletter']);
  });
});
