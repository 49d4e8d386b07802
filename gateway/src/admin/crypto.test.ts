import { describe, expect, it } from 'vitest';
import { displayPrefix, generateApiKey, looksLikeApiKey } from './api-key.ts';
import { constantTimeEqual, randomBase62, randomToken, sha256Hex } from './crypto.ts';

describe('tokens and keys', () => {
  it('makes 32-byte base64url tokens that do not repeat', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => randomToken()));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(t).toMatch(/^[\w-]{43}$/);
  });

  it('makes API keys as cdr_ and 40 base62 characters, using the whole alphabet', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^cdr_[0-9A-Za-z]{40}$/);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(displayPrefix(key)).toBe(key.slice(0, 10));
    const seen = new Set(randomBase62(5000));
    expect(seen.size).toBe(62);
  });

  it.each(['', 'cdr_', 'cdr_short', `xyz_${'a'.repeat(40)}`, `cdr_${'a'.repeat(39)}!`, `cdr_${'a'.repeat(41)}`])(
    'does not take %j for an API key',
    (token) => {
      expect(looksLikeApiKey(token)).toBe(false);
    },
  );

  it('hashes with SHA-256', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([
    ['same', 'same', true],
    ['same', 'sama', false],
    ['short', 'shorter', false],
    ['', '', true],
    ['', 'x', false],
  ])('constantTimeEqual(%j, %j) is %s', (a, b, equal) => {
    expect(constantTimeEqual(a, b)).toBe(equal);
  });
});
