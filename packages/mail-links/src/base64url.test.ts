import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.ts';

describe('base64url', () => {
  it('round-trips every length and byte value, matching node', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31) % 256);
      const encoded = toBase64url(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(encoded)).toEqual(bytes);
    }
  });

  it.each([
    ['padding', 'AQI='],
    ['standard alphabet', 'a+b/'],
    ['impossible length', 'AQIDB'],
    ['non-zero trailing bits', 'AR'],
    ['whitespace', 'AQ I'],
  ])('refuses %s', (_case, text) => {
    expect(fromBase64url(text)).toBeUndefined();
  });
});
