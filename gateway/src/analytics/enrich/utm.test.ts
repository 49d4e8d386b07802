import { describe, expect, it } from 'vitest';
import { UTM_MAX_LENGTH, utmFromUrl } from './utm.ts';

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

  it('caps each value at 200 characters', () => {
    const long = 'x'.repeat(500);
    const result = utm(`https://candor.example/?utm_source=${long}&utm_term=${long}`);
    expect(result.utmSource).toBe('x'.repeat(UTM_MAX_LENGTH));
    expect(result.utmTerm).toHaveLength(UTM_MAX_LENGTH);
  });

  it('never cuts an emoji in half at the cap', () => {
    const value = `${'x'.repeat(UTM_MAX_LENGTH - 1)}😀tail`;
    const cut = utm(`https://candor.example/?utm_content=${encodeURIComponent(value)}`).utmContent;
    expect(cut).toBe('x'.repeat(UTM_MAX_LENGTH - 1));
  });
});
