import { describe, expect, it } from 'vitest';
import { all, allows, normalise, split } from './ids.ts';
import { ALL_IDS, demoConfig } from './test-fixtures.ts';

const config = demoConfig();

describe('normalise', () => {
  it.each([
    ['nothing: necessary and its services only', [], undefined, ['necessary'], ['candor']],
    [
      'a category without a service list grants all its services',
      ['analytics'],
      undefined,
      ['necessary', 'analytics'],
      ['candor', 'ga4'],
    ],
    ['a service is granted without its category', [], ['hubspot'], ['necessary'], ['candor', 'hubspot']],
    ['a category with its services all off stays granted', ['analytics'], [], ['necessary', 'analytics'], ['candor']],
    ['unknown ids are dropped', ['bogus', 'analytics'], ['nope', 'ga4'], ['necessary', 'analytics'], ['candor', 'ga4']],
    ['necessary cannot be left out', ['marketing'], ['hubspot'], ['necessary', 'marketing'], ['candor', 'hubspot']],
    [
      'config order, whatever the input order',
      ['marketing', 'preferences'],
      undefined,
      ['necessary', 'preferences', 'marketing'],
      ['candor', 'hubspot'],
    ],
  ])('%s', (_, categories, services, c, s) => {
    expect(normalise(config, categories, services)).toEqual({ c, s });
  });

  it('all() grants everything, or everything but one category', () => {
    expect(all(config)).toEqual({
      c: ['necessary', 'preferences', 'analytics', 'marketing'],
      s: ['candor', 'ga4', 'hubspot'],
    });
    expect(all(config, 'marketing')).toEqual({ c: ['necessary', 'preferences', 'analytics'], s: ['candor', 'ga4'] });
  });
});

describe('split', () => {
  it.each([
    [normalise(config, [])],
    [normalise(config, ['analytics'])],
    [normalise(config, ['marketing'], [])],
    [all(config)],
  ])('names every category and service exactly once (%#)', (sel) => {
    const { granted, denied } = split(config, sel);
    expect([...granted, ...denied].sort()).toEqual([...ALL_IDS].sort());
    expect(granted).toEqual([...sel.c, ...sel.s].sort((a, b) => ALL_IDS.indexOf(a) - ALL_IDS.indexOf(b)));
    expect(granted).toContain('necessary');
    expect(granted).toContain('candor');
  });
});

describe('allows', () => {
  const sel = normalise(config, ['analytics', 'marketing'], ['ga4']);
  it.each([
    ['analytics', undefined, true],
    ['analytics', 'ga4', true],
    ['marketing', undefined, true],
    ['marketing', 'hubspot', false],
    ['preferences', undefined, false],
    ['preferences', 'ga4', true],
    ['preferences', 'hubspot', false],
    ['necessary', undefined, true],
    ['analytics', 'unknown', false],
  ])('%s / %s → %s', (category, service, expected) => {
    expect(allows(sel, category, service)).toBe(expected);
  });
});

it('allows a service granted without its category (a frame’s "Always allow"), and nothing else of the category', () => {
  const sel = normalise(config, [], ['hubspot']);
  expect(allows(sel, 'marketing', 'hubspot')).toBe(true);
  expect(allows(sel, 'marketing')).toBe(false);
});
