import { describe, expect, it } from 'vitest';
import { BOOKKEEPING_COLUMNS, CATEGORY_IDS, COLLECTED, CONSENT_ACTIONS, OPTIONAL_CATEGORIES } from './index.ts';

describe('consent definitions', () => {
  it('makes every category but necessary optional, in the same order', () => {
    expect(OPTIONAL_CATEGORIES).toEqual(CATEGORY_IDS.filter((id) => id !== 'necessary'));
  });

  it('keeps necessary first, since pages list the categories in this order', () => {
    expect(CATEGORY_IDS[0]).toBe('necessary');
  });

  it.each([
    ['CATEGORY_IDS', CATEGORY_IDS],
    ['CONSENT_ACTIONS', CONSENT_ACTIONS],
  ])('%s has no duplicate', (_name, list) => {
    expect(new Set(list).size).toBe(list.length);
  });

  it('names the banner buttons, the saved choice, the withdrawal and GPC as actions', () => {
    expect([...CONSENT_ACTIONS].sort()).toEqual(['accept_all', 'custom', 'gpc', 'reject_all', 'withdraw']);
  });
});

describe('COLLECTED', () => {
  it('gives every entry a distinct id, a label and a sentence', () => {
    expect(new Set(COLLECTED.map((item) => item.id)).size).toBe(COLLECTED.length);
    for (const item of COLLECTED) {
      expect(item.label.trim(), item.id).not.toBe('');
      expect(item.text.trim(), item.id).not.toBe('');
    }
  });

  it('names each column once, across the entries and the bookkeeping columns', () => {
    const all = [...COLLECTED.flatMap((item) => item.columns), ...BOOKKEEPING_COLUMNS];
    expect(all.length).toBe(new Set(all).size);
  });

  it('uses only the {pageAddress} placeholder', () => {
    const placeholders = COLLECTED.flatMap((item) => item.text.match(/\{[^}]*\}/g) ?? []);
    expect(new Set(placeholders)).toEqual(new Set(['{pageAddress}']));
  });
});
