import { constantTimeEqual, randomToken, sha256Hex } from './crypto.ts';

export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;

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
