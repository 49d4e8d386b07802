import { toBase64url } from './base64url.ts';
import { MailLinkError } from './errors.ts';

/** The shortest master secret accepted, as the gateway requires of `CANDOR_SECRET`. */
const MIN_SECRET_LENGTH = 32;

const encoder = new TextEncoder();

/** The keys that make and check unsubscribe tokens. Build it once with {@link createKeyring}. */
export interface Keyring {
  /** The id of the key new tokens are made with (the first secret's). */
  readonly currentKeyId: string;
  /** Every key that still verifies, by key id. The AES keys are not extractable. */
  readonly keys: ReadonlyMap<string, CryptoKey>;
}

/**
 * The 32 raw key bytes for one secret: HKDF-SHA-256 over its UTF-8 bytes, salt `candor`, info
 * `candor:unsubscribe token`, the same as the gateway's `deriveKey(secret, 'unsubscribe token')`.
 */
export async function deriveRawKey(secret: string): Promise<Uint8Array<ArrayBuffer>> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('candor'), info: encoder.encode('candor:unsubscribe token') },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * A key's public name: the first 8 base64url characters (48 bits) of SHA-256 over
 * `candor-kid:` + base64url(raw key). It tells keys apart after a rotation without revealing
 * anything about the key or the secret it came from.
 */
export async function keyIdFor(rawKey: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`candor-kid:${toBase64url(rawKey)}`));
  return toBase64url(new Uint8Array(digest)).slice(0, 8);
}

/**
 * Builds the keyring from master secrets, newest first. New tokens are made with the first;
 * any of them verifies, so links already sent keep working after a rotation until their secret
 * is dropped from the list. A secret listed twice counts once.
 *
 * @throws {MailLinkError} when the list is empty or a secret is shorter than 32 characters.
 * @example
 * const keyring = await createKeyring([process.env.CANDOR_SECRET ?? '', ...previousSecrets]);
 */
export async function createKeyring(secrets: readonly string[]): Promise<Keyring> {
  secrets.forEach((secret, index) => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new MailLinkError(`secret #${index + 1} is shorter than ${MIN_SECRET_LENGTH} characters`);
    }
  });
  const entries = await Promise.all(
    secrets.map(async (secret) => {
      const raw = await deriveRawKey(secret);
      const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
      return { keyId: await keyIdFor(raw), key };
    }),
  );
  const [current] = entries;
  if (!current) throw new MailLinkError('createKeyring needs at least one secret (CANDOR_SECRET)');
  const keys = new Map<string, CryptoKey>();
  for (const { keyId, key } of entries) if (!keys.has(keyId)) keys.set(keyId, key);
  return { currentKeyId: current.keyId, keys };
}
