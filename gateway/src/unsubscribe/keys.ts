import { createKeyring, type Keyring } from '@candor/mail-links';

/** The keys behind unsubscribe links and suppression hashes, from the current and previous secrets. */
export interface LinkKeys {
  keyring: Keyring;
  /** HMAC keys for email hashes, current first (see `createUnsubscribe`). */
  peppers: CryptoKey[];
}

const encoder = new TextEncoder();

/**
 * Derives link keys from `secrets`, newest first (`CANDOR_SECRET`, then `CANDOR_PREVIOUS_SECRETS`).
 * The pepper is HKDF-SHA-256 of each secret for the purpose "suppression pepper", as
 * `deriveKey` in secrets.ts does it, but with Web Crypto so the core stays runtime-neutral.
 */
export async function createLinkKeys(secrets: readonly string[]): Promise<LinkKeys> {
  const keyring = await createKeyring(secrets);
  const peppers = await Promise.all([...new Set(secrets)].map(pepperKey));
  return { keyring, peppers };
}

async function pepperKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('candor'),
      info: encoder.encode('candor:suppression pepper'),
    },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
}
