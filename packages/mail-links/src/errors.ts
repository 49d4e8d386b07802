/**
 * Thrown for caller mistakes: a bad keyring, email, list id, base URL or option. Verifying a
 * token never throws on the token itself; it answers `{ ok: false, reason }`.
 */
export class MailLinkError extends Error {
  override name = 'MailLinkError';
}
