import { fromBase64url, toBase64url } from './base64url.ts';
import { normaliseEmail } from './email.ts';
import { MailLinkError } from './errors.ts';
import type { Keyring } from './keyring.ts';

// The token's wire format and its claims. `link.ts` makes tokens and `verify.ts` checks them.

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Longer strings are refused before any decoding; real tokens are at most about 630 characters. */
export const TOKEN_MAX_LENGTH = 1024;
const KEY_ID = /^[A-Za-z0-9_-]{8}$/;

/** Mailing list ids, the same shape as the ids in `candor.config.ts`. */
export const LIST_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** What a token says, as JSON with one-letter keys in this order. */
export interface ClaimsJson {
  v: 1;
  p: 'unsubscribe';
  l: string;
  t: number;
  e: string;
}

/** Binds the ciphertext to this purpose, format version and key id. */
function additionalData(keyId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`candor-unsubscribe.v1.${keyId}`);
}

/** `<kid>.<base64url(iv || ciphertext || tag)>` with AES-256-GCM and a fresh random 96-bit IV. */
export async function seal(keyring: Keyring, plaintext: Uint8Array<ArrayBuffer>): Promise<string> {
  const keyId = keyring.currentKeyId;
  const key = keyring.keys.get(keyId);
  if (!key) throw new MailLinkError(`keyring has no key for its current id ${keyId}`);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(keyId) },
    key,
    plaintext,
  );
  const payload = new Uint8Array(IV_BYTES + sealed.byteLength);
  payload.set(iv);
  payload.set(new Uint8Array(sealed), IV_BYTES);
  return `${keyId}.${toBase64url(payload)}`;
}

export type OpenResult =
  | { ok: true; keyId: string; plaintext: Uint8Array }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'invalid' };

/** Splits, decodes and decrypts a token. Never throws. */
export async function open(keyring: Keyring, token: unknown): Promise<OpenResult> {
  if (typeof token !== 'string' || token.length > TOKEN_MAX_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  const [keyId, encoded] = parts;
  if (parts.length !== 2 || keyId === undefined || encoded === undefined || !KEY_ID.test(keyId)) {
    return { ok: false, reason: 'malformed' };
  }
  const payload = fromBase64url(encoded);
  if (!payload || payload.length < IV_BYTES + TAG_BYTES + 1) return { ok: false, reason: 'malformed' };
  const key = keyring.keys.get(keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: payload.subarray(0, IV_BYTES), additionalData: additionalData(keyId) },
      key,
      payload.subarray(IV_BYTES),
    );
    return { ok: true, keyId, plaintext: new Uint8Array(plaintext) };
  } catch {
    // WebCrypto checks the tag in constant time and rejects with an OperationError on mismatch.
    return { ok: false, reason: 'invalid' };
  }
}

export function encodeClaims(claims: ClaimsJson): Uint8Array<ArrayBuffer> {
  const { v, p, l, t, e } = claims;
  return new TextEncoder().encode(JSON.stringify({ v, p, l, t, e }));
}

/**
 * Parses decrypted claims and checks their shape. Only holders of the key can make claims, so a
 * failure here means a bug or a future format, not an attack; it is still refused.
 */
export function decodeClaims(plaintext: Uint8Array): ClaimsJson | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  if (Object.keys(parsed).length !== 5) return undefined;
  const { v, p, l, t, e } = parsed as Record<string, unknown>;
  if (v !== 1 || p !== 'unsubscribe') return undefined;
  if (typeof l !== 'string' || !LIST_ID.test(l)) return undefined;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) return undefined;
  if (typeof e !== 'string' || normaliseEmail(e) !== e) return undefined;
  return { v, p, l, t, e };
}
