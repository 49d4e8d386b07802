import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../admin/passwords.ts';

export interface ScryptParams {
  /** CPU and memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** N=2^15, r=8, p=1: about 90 ms and 32 MiB per hash on the 2-core reference machine. */
export const SCRYPT_DEFAULTS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_N = 2 ** 20;

/**
 * scrypt password hashing, encoded as `scrypt$N$r$p$salt$hash` (base64url), so the cost can be
 * raised later and old hashes still verify.
 *
 * @example
 * const passwords = createScryptHasher();
 * const stored = await passwords.hash('correct horse battery staple');
 * await passwords.verify('correct horse battery staple', stored); // true
 */
export function createScryptHasher(params: ScryptParams = SCRYPT_DEFAULTS): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, KEY_BYTES, params);
      return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
    },
    async verify(password, encoded) {
      const parsed = parse(encoded);
      if (!parsed) return false;
      const key = await derive(password, parsed.salt, parsed.key.length, parsed.params);
      return timingSafeEqual(key, parsed.key);
    },
  };
}

function derive(password: string, salt: Buffer, length: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // NFC, so the same passphrase typed on different systems hashes the same.
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function parse(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = encoded.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || !salt || !key) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const valid =
    Number.isInteger(params.N) &&
    params.N >= 2 &&
    params.N <= MAX_N &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16;
  const saltBytes = Buffer.from(salt, 'base64url');
  const keyBytes = Buffer.from(key, 'base64url');
  if (!valid || saltBytes.length < 8 || keyBytes.length < 16) return undefined;
  return { params, salt: saltBytes, key: keyBytes };
}
