import { beforeAll, describe, expect, it } from 'vitest';
import { MailLinkError } from './errors.ts';
import { createKeyring, type Keyring } from './keyring.ts';
import { createUnsubscribeLink, type UnsubscribeLinkInput } from './link.ts';
import { TOKEN_MAX_LENGTH } from './token.ts';
import { verifyUnsubscribeToken } from './verify.ts';

const SECRET = 'link-test secret, at least thirty-two characters';
const ISSUED_AT = new Date('2026-03-01T12:00:00Z');
const BASE: UnsubscribeLinkInput = {
  email: 'Ann.Lee@Example.com',
  list: 'newsletter',
  baseUrl: 'https://www.example.com',
  issuedAt: ISSUED_AT,
};

let keyring: Keyring;
beforeAll(async () => {
  keyring = await createKeyring([SECRET]);
});

describe('createUnsubscribeLink', () => {
  it('round-trips: the token verifies to the normalised email, the list and the issue time', async () => {
    const link = await createUnsubscribeLink(keyring, BASE);
    const result = await verifyUnsubscribeToken(keyring, link.token, { now: ISSUED_AT });
    expect(result).toEqual({
      ok: true,
      claims: {
        email: 'ann.lee@example.com',
        list: 'newsletter',
        purpose: 'unsubscribe',
        issuedAt: ISSUED_AT,
        keyId: keyring.currentKeyId,
      },
    });
  });

  it('builds the URL and the RFC 8058 headers without a mailto', async () => {
    const link = await createUnsubscribeLink(keyring, BASE);
    expect(link.token).toMatch(new RegExp(`^${keyring.currentKeyId}\\.[A-Za-z0-9_-]+$`));
    expect(link.url).toBe(`https://www.example.com/u/${link.token}`);
    expect(link.headers).toEqual({
      'List-Unsubscribe': `<https://www.example.com/u/${link.token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('puts the https URL first and the mailto fallback second', async () => {
    const link = await createUnsubscribeLink(keyring, { ...BASE, mailto: 'Unsubscribe@Example.com' });
    expect(link.headers).toEqual({
      'List-Unsubscribe': `<https://www.example.com/u/${link.token}>, <mailto:unsubscribe@example.com?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it.each([
    ['https://www.example.com/', 'https://www.example.com/u/'],
    ['https://Example.com//', 'https://example.com/u/'],
    ['https://example.com/mail/', 'https://example.com/mail/u/'],
    ['http://localhost:8080', 'http://localhost:8080/u/'],
  ])('joins base URL %s without a doubled slash', async (baseUrl, prefix) => {
    const link = await createUnsubscribeLink(keyring, { ...BASE, baseUrl });
    expect(link.url).toBe(`${prefix}${link.token}`);
  });

  it('makes a different token each time (random IV) and all of them verify', async () => {
    const [a, b] = await Promise.all([createUnsubscribeLink(keyring, BASE), createUnsubscribeLink(keyring, BASE)]);
    expect(a?.token).not.toBe(b?.token);
    for (const link of [a, b]) {
      expect((await verifyUnsubscribeToken(keyring, link.token, { now: ISSUED_AT })).ok).toBe(true);
    }
  });

  it('hides the email: the link holds neither it nor its base64 or base64url', async () => {
    const email = 'margaret.hamilton@recipient.test';
    const link = await createUnsubscribeLink(keyring, { ...BASE, email });
    const header = link.headers['List-Unsubscribe'].toLowerCase();
    for (const part of [email, 'margaret', 'hamilton', 'recipient']) expect(header).not.toContain(part);
    // Every base64 alignment of the claims' JSON, as a token that were only encoded would show.
    for (let shift = 0; shift < 3; shift++) {
      const json = `${'x'.repeat(shift)}"e":"${email}"`;
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(json).toString(encoding).slice(4, -4);
        expect(link.token).not.toContain(encoded);
      }
    }
  });

  it('keeps the longest valid address under the token length limit', async () => {
    const email = `${'"'.repeat(64)}@${'b'.repeat(185)}.com`;
    const link = await createUnsubscribeLink(keyring, { ...BASE, email, list: `a${'-'.repeat(62)}` });
    expect(link.token.length).toBeLessThanOrEqual(TOKEN_MAX_LENGTH);
    expect((await verifyUnsubscribeToken(keyring, link.token, { now: ISSUED_AT })).ok).toBe(true);
  });
});

it('takes list ids with underscores, as the config does', async () => {
  const link = await createUnsubscribeLink(keyring, { ...BASE, list: 'weekly_news' });
  const result = await verifyUnsubscribeToken(keyring, link.token, { now: ISSUED_AT });
  expect(result.ok && result.claims.list).toBe('weekly_news');
});

describe('createUnsubscribeLink refuses bad input', () => {
  it.each<[string, Partial<UnsubscribeLinkInput>, RegExp]>([
    ['an implausible email', { email: 'ann at example.com' }, /email is not a plausible address/],
    ['a list id with upper case', { list: 'News' }, /list "News" must match/],
    ['a list id with a space', { list: 'weekly news' }, /must match/],
    ['a list id starting with "-"', { list: '-news' }, /must match/],
    ['an empty list id', { list: '' }, /must match/],
    ['a 64-character list id', { list: 'a'.repeat(64) }, /must match/],
    ['a base URL that is not a URL', { baseUrl: 'www.example.com' }, /is not a URL/],
    ['a non-http base URL', { baseUrl: 'ftp://example.com' }, /must be an http\(s\) URL/],
    ['a javascript: base URL', { baseUrl: 'javascript:alert(1)' }, /must be an http\(s\) URL/],
    ['a base URL with a query', { baseUrl: 'https://example.com/?a=1' }, /query or fragment/],
    ['a base URL with an empty query', { baseUrl: 'https://example.com/?' }, /query or fragment/],
    ['a base URL with a fragment', { baseUrl: 'https://example.com/#top' }, /query or fragment/],
    ['a base URL with credentials', { baseUrl: 'https://user:pw@example.com' }, /credentials/],
    [
      'a mailto that needs encoding',
      { mailto: 'a?b@example.com' },
      /mailto "a\?b@example.com" must be a plain address/,
    ],
    ['a mailto header injection', { mailto: 'a@example.com>, <https://evil.test' }, /must be a plain address/],
    ['an invalid issuedAt', { issuedAt: new Date(Number.NaN) }, /issuedAt must be a valid date/],
  ])('%s', async (_case, override, message) => {
    const attempt = createUnsubscribeLink(keyring, { ...BASE, ...override });
    await expect(attempt).rejects.toBeInstanceOf(MailLinkError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('does not echo the rejected email in the error message', async () => {
    await expect(createUnsubscribeLink(keyring, { ...BASE, email: 'secret person@example.com' })).rejects.not.toThrow(
      /secret person/,
    );
  });
});
