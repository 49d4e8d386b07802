import { constantTimeEqual, hmac, randomToken, sha256Hex } from './crypto.ts';

export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;
/** The `deriveKey` purpose of the key that signs `pnpm candor setup-link` tokens. */
export const SETUP_KEY_PURPOSE = 'admin setup link';

/**
 * The one-time link that lets the first admin choose an email and password, made at start-up
 * while no user exists. Only its hash is kept, in memory; a restart makes a new one.
 */
export interface SetupLink {
  tokenHash: string;
  expiresAt: number;
}

export async function createSetupLink(now: number): Promise<{ token: string; link: SetupLink }> {
  const token = randomToken(32);
  return { token, link: { tokenHash: await sha256Hex(token), expiresAt: now + SETUP_LINK_TTL_MS } };
}

export async function setupTokenMatches(link: SetupLink, token: string, now: number): Promise<boolean> {
  if (now >= link.expiresAt || !/^[\w-]{43}$/.test(token)) return false;
  return constantTimeEqual(await sha256Hex(token), link.tokenHash);
}

/**
 * A setup token that needs no shared memory: `<expiry, base 36>.<HMAC of purpose and expiry>`
 * under a key derived from the master secret for this purpose alone. `pnpm candor setup-link`
 * makes one while the gateway runs; the gateway checks it like the printed link. It works only
 * while no user exists, so the first admin it creates uses it up.
 */
export async function signSetupToken(key: CryptoKey, now: number): Promise<string> {
  const expiry = (now + SETUP_LINK_TTL_MS).toString(36);
  return `${expiry}.${await hmac(key, `setup|${expiry}`)}`;
}

export async function signedSetupTokenMatches(key: CryptoKey, token: string, now: number): Promise<boolean> {
  const match = /^([0-9a-z]{1,12})\.([\w-]{16,128})$/.exec(token);
  if (!match?.[1] || !match[2]) return false;
  if (now >= Number.parseInt(match[1], 36)) return false;
  return constantTimeEqual(match[2], await hmac(key, `setup|${match[1]}`));
}
