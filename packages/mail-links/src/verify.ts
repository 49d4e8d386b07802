import { MailLinkError } from './errors.ts';
import type { Keyring } from './keyring.ts';
import { decodeClaims, open } from './token.ts';

/**
 * How long a link works by default. Mailbox providers and deliverability guidance expect an
 * unsubscribe link to keep working for at least 60 days after the message is sent; 400 days
 * covers a mail read a year late. Tokens are repeatable: verifying one never uses it up.
 */
export const TOKEN_MAX_AGE_DAYS = 400;
const MIN_MAX_AGE_DAYS = 60;
/** Tokens issued up to this far in the future still verify, for senders with a fast clock. */
const CLOCK_SKEW_SECONDS = 5 * 60;
const DAY_SECONDS = 24 * 60 * 60;

export interface UnsubscribeClaims {
  /** Normalised. */
  email: string;
  list: string;
  purpose: 'unsubscribe';
  issuedAt: Date;
  /** The key that made the token; a previous key's id means the link predates a rotation. */
  keyId: string;
}

export type VerifyFailure = 'malformed' | 'unknown_key' | 'invalid' | 'expired';

export type VerifyResult = { ok: true; claims: UnsubscribeClaims } | { ok: false; reason: VerifyFailure };

export interface VerifyOptions {
  /** Defaults to now. */
  now?: Date;
  /** Defaults to {@link TOKEN_MAX_AGE_DAYS}; at least 60. */
  maxAgeDays?: number;
}

/**
 * Checks a token from a `/u/:token` URL. Never throws on the token, whatever it is:
 * - `malformed`: not the token format (wrong shape, too long, bad base64url);
 * - `unknown_key`: made with a key that is not (or no longer) in the keyring;
 * - `invalid`: forged or altered, unreadable claims, or issued more than 5 minutes in the future;
 * - `expired`: older than `maxAgeDays`.
 *
 * @throws {MailLinkError} only for bad options (an invalid `now`, `maxAgeDays` under 60).
 * @example
 * const result = await verifyUnsubscribeToken(keyring, c.req.param('token'));
 * if (!result.ok) return c.notFound();
 * await suppressions.add(result.claims.email, result.claims.list);
 */
export async function verifyUnsubscribeToken(
  keyring: Keyring,
  token: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const { now = new Date(), maxAgeDays = TOKEN_MAX_AGE_DAYS } = options;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!Number.isFinite(nowSeconds)) throw new MailLinkError('now must be a valid date');
  if (!Number.isFinite(maxAgeDays) || maxAgeDays < MIN_MAX_AGE_DAYS) {
    throw new MailLinkError(`maxAgeDays must be at least ${MIN_MAX_AGE_DAYS}`);
  }

  const opened = await open(keyring, token);
  if (!opened.ok) return opened;
  const claims = decodeClaims(opened.plaintext);
  if (!claims || claims.t > nowSeconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'invalid' };
  if (nowSeconds - claims.t > maxAgeDays * DAY_SECONDS) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: {
      email: claims.e,
      list: claims.l,
      purpose: claims.p,
      issuedAt: new Date(claims.t * 1000),
      keyId: opened.keyId,
    },
  };
}
