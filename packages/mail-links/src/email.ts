/** RFC 5321's limit on a forward path, in octets. */
const MAX_EMAIL_OCTETS = 254;

// Whitespace (including Unicode spaces and line/paragraph separators) and C0/C1 control characters.
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/**
 * The one spelling of an address that tokens carry and the suppression list hashes: trimmed,
 * lower-cased as a whole, NFC-normalised. RFC 5321 lets a mailbox's local part be case-sensitive,
 * but mailbox providers treat it case-insensitively in practice; lower-casing it means
 * `Ann@Example.com` and `ann@example.com` unsubscribe the same person, which is the safe error.
 *
 * Returns `undefined` for anything that is not a plausible address (exactly one `@`, non-empty
 * local part and domain, no whitespace or control characters, at most 254 UTF-8 octets), so
 * callers handling user input can branch without a try/catch. It does not check that the
 * mailbox exists.
 *
 * @example
 * normaliseEmail('  Ann@Example.COM ') // 'ann@example.com'
 * normaliseEmail('not an address')     // undefined
 */
export function normaliseEmail(email: string): string | undefined {
  if (typeof email !== 'string') return undefined;
  const normalised = email.trim().toLowerCase().normalize('NFC');
  const parts = normalised.split('@');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  if (WHITESPACE_OR_CONTROL.test(normalised)) return undefined;
  if (new TextEncoder().encode(normalised).length > MAX_EMAIL_OCTETS) return undefined;
  return normalised;
}
