import { randomBase62, sha256Hex } from './crypto.ts';

export const API_KEY_PREFIX = 'cdr_';
const RANDOM_LENGTH = 40; // about 238 bits
const PATTERN = /^cdr_[0-9A-Za-z]{40}$/;

/** A new API key: `cdr_` and 40 random base62 characters. Shown once, stored only as a hash. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBase62(RANDOM_LENGTH);
}

export function looksLikeApiKey(token: string): boolean {
  return PATTERN.test(token);
}

/** Plain SHA-256 suffices: the key is 238 random bits, not a guessable password. */
export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/** What lists show to tell keys apart: `cdr_` and the first 6 random characters. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
