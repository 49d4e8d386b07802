import { beforeAll, describe, expect, it } from 'vitest';
import { MailLinkError } from './errors.ts';
import { createKeyring, type Keyring } from './keyring.ts';
import { createUnsubscribeLink } from './link.ts';
import { TOKEN_MAX_AGE_DAYS, verifyUnsubscribeToken } from './verify.ts';

const SECRET = 'verify-test secret, at least thirty-two characters';
const ISSUED_AT = new Date('2026-03-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (offsetMs: number) => new Date(ISSUED_AT.getTime() + offsetMs);

let keyring: Keyring;
let token: string;
beforeAll(async () => {
  keyring = await createKeyring([SECRET]);
  const link = await createUnsubscribeLink(keyring, {
    email: 'ann@example.com',
    list: 'newsletter',
    baseUrl: 'https://www.example.com',
    issuedAt: ISSUED_AT,
  });
  token = link.token;
});

describe('verifyUnsubscribeToken: age', () => {
  it('defaults to 400 days, well over the 60 days mailbox providers expect', () => {
    expect(TOKEN_MAX_AGE_DAYS).toBe(400);
  });

  it.each([
    { maxAgeDays: undefined, now: at(TOKEN_MAX_AGE_DAYS * DAY), ok: true },
    { maxAgeDays: undefined, now: at(TOKEN_MAX_AGE_DAYS * DAY + 1000), ok: false },
    { maxAgeDays: 60, now: at(60 * DAY), ok: true },
    { maxAgeDays: 60, now: at(60 * DAY + 1000), ok: false },
    { maxAgeDays: 1000, now: at(999 * DAY), ok: true },
  ])('maxAgeDays $maxAgeDays at $now: ok $ok', async ({ maxAgeDays, now, ok }) => {
    const result = await verifyUnsubscribeToken(keyring, token, { now, maxAgeDays });
    expect(result).toEqual(ok ? expect.objectContaining({ ok: true }) : { ok: false, reason: 'expired' });
  });

  it.each([
    { name: 'exactly 5 minutes in the future', now: at(-5 * 60 * 1000), expected: { ok: true } },
    { name: 'more than 5 minutes in the future', now: at(-5 * 60 * 1000 - 1000), expected: { reason: 'invalid' } },
    { name: 'years in the future', now: at(-3 * 365 * DAY), expected: { reason: 'invalid' } },
  ])('a token issued $name is judged against clock skew', async ({ now, expected }) => {
    expect(await verifyUnsubscribeToken(keyring, token, { now })).toMatchObject(expected);
  });

  it('is repeatable: verifying a token never uses it up', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await verifyUnsubscribeToken(keyring, token, { now: at(DAY) })).toMatchObject({ ok: true });
    }
  });

  it('checks age against the real clock by default', async () => {
    const input = { email: 'ann@example.com', list: 'newsletter', baseUrl: 'https://www.example.com' };
    const fresh = await createUnsubscribeLink(keyring, input);
    const old = await createUnsubscribeLink(keyring, { ...input, issuedAt: new Date(Date.now() - 401 * DAY) });
    expect(await verifyUnsubscribeToken(keyring, fresh.token)).toMatchObject({ ok: true });
    expect(await verifyUnsubscribeToken(keyring, old.token)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('verifyUnsubscribeToken: options', () => {
  it.each([
    ['maxAgeDays under 60', { maxAgeDays: 59 }, /maxAgeDays must be at least 60/],
    ['maxAgeDays NaN', { maxAgeDays: Number.NaN }, /maxAgeDays must be at least 60/],
    ['an invalid now', { now: new Date('not a date') }, /now must be a valid date/],
  ])('throws for %s, a programming error rather than a bad token', async (_case, options, message) => {
    const attempt = verifyUnsubscribeToken(keyring, token, options);
    await expect(attempt).rejects.toBeInstanceOf(MailLinkError);
    await expect(attempt).rejects.toThrow(message);
  });
});
