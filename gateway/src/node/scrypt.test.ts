import { describe, expect, it } from 'vitest';
import { createScryptHasher, SCRYPT_DEFAULTS } from './scrypt.ts';

const fast = createScryptHasher({ N: 2 ** 10, r: 8, p: 1 });
const PASSWORD = 'correct horse battery staple';

describe('scrypt password hashing', () => {
  it('encodes N, r, p, a 16-byte salt and a 32-byte key, and never the password', async () => {
    const encoded = await fast.hash(PASSWORD);
    const [scheme, n, r, p, salt = '', key = ''] = encoded.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(encoded).not.toContain(PASSWORD);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    expect(await fast.hash(PASSWORD)).not.toBe(await fast.hash(PASSWORD));
  });

  it('verifies the right password and refuses others', async () => {
    const encoded = await fast.hash(PASSWORD);
    expect(await fast.verify(PASSWORD, encoded)).toBe(true);
    expect(await fast.verify(`${PASSWORD} `, encoded)).toBe(false);
    expect(await fast.verify('', encoded)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, so raising the cost keeps old hashes valid', async () => {
    const old = await fast.hash(PASSWORD);
    const stronger = createScryptHasher({ N: 2 ** 11, r: 8, p: 1 });
    expect(await stronger.verify(PASSWORD, old)).toBe(true);
  });

  it('treats a composed and a decomposed accent as the same password (NFC)', async () => {
    const encoded = await fast.hash('crème brûlée forever');
    expect(await fast.verify('cre\u0300me bru\u0302le\u0301e forever', encoded)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['bcrypt$10$abc', 'another scheme'],
    ['scrypt$1000$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5', 'N not a power of two'],
    [`scrypt$${2 ** 22}$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5`, 'N too large'],
    ['scrypt$1024$8$1$$a2V5', 'no salt'],
    ['scrypt$1024$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5$extra', 'extra field'],
  ])('answers false, without throwing, for an unreadable hash (%s: %s)', async (encoded) => {
    expect(await fast.verify(PASSWORD, encoded)).toBe(false);
  });

  it('uses N=2^15, r=8, p=1 by default and stays near 100 ms per hash', async () => {
    expect(SCRYPT_DEFAULTS).toEqual({ N: 32768, r: 8, p: 1 });
    const hasher = createScryptHasher();
    const encoded = await hasher.hash(PASSWORD);
    expect(encoded.startsWith('scrypt$32768$8$1$')).toBe(true);
    const started = performance.now();
    expect(await hasher.verify(PASSWORD, encoded)).toBe(true);
    // Generous bound: the reference machine takes about 90 ms; CI neighbours can double it.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
