import { normaliseEmail } from '@candor/mail-links';
import { describe, expect, it } from 'vitest';
import { newToken, type ParseOptions, parseSubmission, pickLocale, sha256Hex } from './intake.ts';

const options: ParseOptions = { strict: true, defaultJurisdiction: 'gdpr', normalise: normaliseEmail };

describe('parseSubmission', () => {
  it('normalises the email, trims texts, and empties to null', () => {
    const result = parseSubmission(
      { type: 'erase', email: '  Ada@Example.COM ', details: '  ', jurisdiction: '', website: '' },
      options,
    );
    expect(result).toEqual({
      ok: true,
      submission: {
        type: 'erase',
        email: 'ada@example.com',
        details: null,
        rectification: null,
        jurisdiction: 'gdpr',
        locale: 'en',
        bot: false,
      },
    });
  });

  it('takes the default jurisdiction from the config and keeps the correction only for rectify', () => {
    const ccpa = { ...options, defaultJurisdiction: 'ccpa' as const };
    const rectify = parseSubmission({ type: 'rectify', email: 'a@example.com', rectification: ' Ada ' }, ccpa);
    expect(rectify.ok && rectify.submission).toMatchObject({ jurisdiction: 'ccpa', rectification: 'Ada' });
    const access = parseSubmission({ type: 'access', email: 'a@example.com', rectification: 'Ada' }, ccpa);
    expect(access.ok && access.submission.rectification).toBeNull();
  });

  it.each([
    ['https://spam.example', true],
    [' ', false],
    [0, true],
    [null, false],
  ])('a honeypot of %j marks a bot: %s', (website, bot) => {
    const result = parseSubmission({ type: 'access', email: 'a@example.com', website }, options);
    expect(result.ok && result.submission.bot).toBe(bot);
  });

  it('refuses unknown fields only when strict (JSON)', () => {
    const body = { type: 'access', email: 'a@example.com', submit: 'Send' };
    expect(parseSubmission(body, options)).toEqual({
      ok: false,
      errors: [{ field: 'submit', message: 'is not a field of this form.' }],
    });
    expect(parseSubmission(body, { ...options, strict: false }).ok).toBe(true);
  });
});

describe('pickLocale', () => {
  it.each([
    ['de', undefined, 'de'],
    ['DE_ch', undefined, 'de'],
    ['fr', 'de-DE,de;q=0.9', 'de'],
    [undefined, 'fr;q=1, de;q=0.3, en;q=0.7', 'en'],
    [undefined, 'fr, de;q=0', 'en'],
    [undefined, undefined, 'en'],
  ])('body %s, Accept-Language %s → %s', (body, header, locale) => {
    expect(pickLocale(body, header)).toBe(locale);
  });
});

describe('tokens', () => {
  it('are 32 random bytes in base64url, and the store gets their SHA-256 in hex', async () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
