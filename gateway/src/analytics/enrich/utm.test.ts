import { describe, expect, it } from 'vitest';
import { UTM_DETAIL_MAX_LENGTH, UTM_MAX_LENGTH, utmFromUrl } from './utm.ts';

const EMPTY = { utmSource: '', utmMedium: '', utmCampaign: '', utmTerm: '', utmContent: '' };
const utm = (href: string) => utmFromUrl(new URL(href));

describe('utmFromUrl', () => {
  it('reads all five campaign parameters', () => {
    const url =
      'https://candor.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=black_friday' +
      '&utm_term=privacy+analytics&utm_content=hero-button';
    expect(utm(url)).toEqual({
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'black_friday',
      utmTerm: 'privacy analytics',
      utmContent: 'hero-button',
    });
  });

  it.each([
    ['no query', 'https://candor.example/'],
    ['only other parameters', 'https://candor.example/?ref=hn&id=4'],
    ['a fragment that looks like UTM', 'https://candor.example/#utm_source=x'],
    ['parameters in another case', 'https://candor.example/?UTM_SOURCE=x'],
  ])('gives empty strings for %s', (_, href) => {
    expect(utm(href)).toEqual(EMPTY);
  });

  it('leaves absent parameters empty', () => {
    expect(utm('https://candor.example/?utm_campaign=launch')).toEqual({ ...EMPTY, utmCampaign: 'launch' });
  });

  it.each([
    ['percent-encoding', '?utm_campaign=caf%C3%A9%20week', 'café week'],
    ['surrounding whitespace', '?utm_campaign=%20%20launch%0A', 'launch'],
    ['a repeated parameter (first wins)', '?utm_campaign=first&utm_campaign=second', 'first'],
    ['an empty value', '?utm_campaign=', ''],
  ])('decodes and trims %s', (_, query, expected) => {
    expect(utm(`https://candor.example/${query}`).utmCampaign).toBe(expected);
  });

  it('caps source, medium and campaign at 200 characters', () => {
    const long = 'x'.repeat(500);
    const result = utm(`https://candor.example/?utm_source=${long}&utm_medium=${long}&utm_campaign=${long}`);
    expect(result.utmSource).toBe('x'.repeat(UTM_MAX_LENGTH));
    expect(result.utmMedium).toHaveLength(UTM_MAX_LENGTH);
    expect(result.utmCampaign).toHaveLength(UTM_MAX_LENGTH);
  });

  it.each([
    ['utm_content', 'utmContent'],
    ['utm_term', 'utmTerm'],
  ] as const)('%s longer than 50 characters (an ESP’s subscriber id) is cut to 50', (param, field) => {
    expect(UTM_DETAIL_MAX_LENGTH).toBe(50);
    const id = `sub-${'0123456789abcdef'.repeat(8)}`;
    const result = utm(`https://candor.example/?${param}=${id}`);
    expect(result[field]).toBe(id.slice(0, UTM_DETAIL_MAX_LENGTH));
  });

  it('keeps a term or content of 50 characters whole', () => {
    const label = 'a'.repeat(UTM_DETAIL_MAX_LENGTH);
    expect(utm(`https://candor.example/?utm_content=${label}`).utmContent).toBe(label);
  });

  it.each([
    ['utm_source', 'utmSource', UTM_MAX_LENGTH],
    ['utm_content', 'utmContent', UTM_DETAIL_MAX_LENGTH],
  ] as const)('never cuts an emoji in half at the cap of %s', (param, field, max) => {
    const value = `${'x'.repeat(max - 1)}😀tail`;
    const cut = utm(`https://candor.example/?${param}=${encodeURIComponent(value)}`)[field];
    expect(cut).toBe('x'.repeat(max - 1));
  });
});

describe('an email address in a campaign field', () => {
  it.each([
    ['utm_content', 'ann.example%40example.com'],
    ['utm_term', 'sub-ann@example.co.uk'],
    ['utm_source', 'Ann <ann@example.org>'],
    ['utm_campaign', 'spring?to=ann%2Btag@example.com'],
  ])('%s=%s is dropped, not stored', (name, value) => {
    const utm = utmFromUrl(new URL(`https://example.com/?utm_medium=email&${name}=${value}`));
    expect(Object.values(utm).join('|')).not.toContain('@');
    expect(utm.utmMedium).toBe('email');
  });

  it('keeps a value with an @ that is no address', () => {
    expect(utmFromUrl(new URL('https://example.com/?utm_source=%40tidewater')).utmSource).toBe('@tidewater');
  });
});
