/** Domains whose mail ignores dots in the local part; googlemail.com is the same service as gmail.com. */
const DOTLESS_DOMAINS: Readonly<Record<string, string>> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The mailbox an address delivers to, as far as a rate limit is concerned: lower-cased, without a
 * `+tag`, and for Gmail without dots and with googlemail.com as gmail.com. So `B.o.b+1@googlemail.com`
 * and `bob@gmail.com` share one mail budget.
 *
 * Only ever a rate-limit key (and only through a keyed hash): requests are filed, matched and
 * mailed under the address as typed. Two different people whose addresses map to one form would
 * merely share a budget, which is the safe error for a limit.
 */
export function rateLimitMailbox(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  let local = address.slice(0, at);
  const domain = address.slice(at + 1).replace(/\.$/, '');
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS[domain];
  return dotless === undefined ? `${local}@${domain}` : `${local.replaceAll('.', '')}@${dotless}`;
}
