import { describe, expect, it } from 'vitest';
import { deriveKey } from './secrets.ts';

describe('deriveKey', () => {
  const secret = 'a'.repeat(43);

  it('derives the same 32-byte key for the same secret and purpose', () => {
    const key = deriveKey(secret, 'admin csrf');
    expect(key).toHaveLength(32);
    expect(deriveKey(secret, 'admin csrf')).toEqual(key);
  });

  it('derives unrelated keys for different purposes and secrets', () => {
    const csrf = Buffer.from(deriveKey(secret, 'admin csrf')).toString('hex');
    expect(Buffer.from(deriveKey(secret, 'unsubscribe links')).toString('hex')).not.toBe(csrf);
    expect(Buffer.from(deriveKey('b'.repeat(43), 'admin csrf')).toString('hex')).not.toBe(csrf);
    expect(csrf).not.toContain(Buffer.from(secret).toString('hex'));
  });
});
