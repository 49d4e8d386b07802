import { describe, expect, it } from 'vitest';
import { LOCALES } from './all.ts';
import { en } from './en.ts';
import { isRtl, pickLocale } from './index.ts';

describe('pickLocale', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['FR-ca', 'fr'],
    ['es-419', 'es'],
    ['ar', 'ar'],
    ['ar-EG', 'ar'],
    ['pt-BR', 'en'],
    ['', 'en'],
    ['constructor', 'en'],
  ])('<html lang="%s"> → %s', (lang, expected) => {
    const [locale, messages] = pickLocale(lang);
    expect(locale).toBe(expected);
    expect(messages).toBe(LOCALES[expected]);
  });

  it('only Arabic is right-to-left', () => {
    expect(Object.keys(LOCALES).filter(isRtl)).toEqual(['ar']);
  });
});

describe.each(Object.entries(LOCALES))('the %s locale', (_, messages) => {
  it('has every message, none empty', () => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(messages).flat()) expect(value.trim()).not.toBe('');
  });
});

describe.each(Object.entries(LOCALES).filter(([locale]) => locale !== 'en'))('the %s locale', (_, messages) => {
  it('is translated, not English', () => {
    for (const key of [
      'text',
      'acceptAll',
      'rejectAll',
      'settings',
      'save',
      'record',
      'gpc',
      'blocked',
      'only',
      'once',
      'always',
    ] as const) {
      expect(messages[key], key).not.toBe(en[key]);
    }
    expect(messages.analytics[1]).not.toBe(en.analytics[1]);
  });
});

it('uses the exact English button labels the issue asks for', () => {
  expect([en.acceptAll, en.rejectAll, en.customize, en.settings, en.save, en.record, en.once, en.always]).toEqual([
    'Accept all',
    'Reject all',
    'Customize',
    'Cookie settings',
    'Save choices',
    'Download my consent record',
    'Load once',
    'Always allow',
  ]);
});
