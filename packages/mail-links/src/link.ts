import { normaliseEmail } from './email.ts';
import { MailLinkError } from './errors.ts';
import type { Keyring } from './keyring.ts';
import { encodeClaims, LIST_ID, seal } from './token.ts';

export interface UnsubscribeLinkInput {
  /** The recipient; normalised with `normaliseEmail` before it is sealed. */
  email: string;
  /** The mailing list id from `candor.config.ts`. */
  list: string;
  /** The public origin (and optional path) that serves `/u/:token`, e.g. `https://www.example.com`. */
  baseUrl: string;
  /** A mailbox that handles unsubscribe mail, added to `List-Unsubscribe` as a fallback. */
  mailto?: string;
  /** Defaults to now. */
  issuedAt?: Date;
}

export interface UnsubscribeLink {
  token: string;
  /** `<baseUrl>/u/<token>`: the page link for the email body and the one-click POST target. */
  url: string;
  /** Set both on the message, and have DKIM sign both (RFC 8058 §4). */
  headers: {
    'List-Unsubscribe': string;
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
  };
}

/**
 * Makes an unsubscribe token for one recipient and list, its URL and the RFC 8058 one-click
 * headers. Works offline: no database write, only the keyring.
 *
 * @throws {MailLinkError} for an implausible email or mailto, a bad list id or base URL.
 * @example
 * const link = await createUnsubscribeLink(keyring, {
 *   email: 'ann@example.com',
 *   list: 'newsletter',
 *   baseUrl: 'https://www.example.com',
 *   mailto: 'unsubscribe@example.com',
 * });
 * message.headers = { ...message.headers, ...link.headers };
 */
export async function createUnsubscribeLink(keyring: Keyring, input: UnsubscribeLinkInput): Promise<UnsubscribeLink> {
  const email = normaliseEmail(input.email);
  if (email === undefined) throw new MailLinkError('email is not a plausible address');
  if (typeof input.list !== 'string' || !LIST_ID.test(input.list)) {
    throw new MailLinkError(`list "${String(input.list)}" must match ${LIST_ID.source}`);
  }
  const base = parseBaseUrl(input.baseUrl);
  const mailto = input.mailto === undefined ? undefined : mailtoUri(input.mailto);
  const issuedAt = input.issuedAt ?? new Date();
  const t = Math.floor(issuedAt.getTime() / 1000);
  if (!Number.isSafeInteger(t) || t < 0) throw new MailLinkError('issuedAt must be a valid date after 1970');

  const token = await seal(keyring, encodeClaims({ v: 1, p: 'unsubscribe', l: input.list, t, e: email }));
  const url = `${base}/u/${token}`;
  // RFC 8058 needs the HTTPS URI; the mailto is only for clients that cannot POST.
  const listUnsubscribe = mailto ? `<${url}>, <${mailto}>` : `<${url}>`;
  return {
    token,
    url,
    headers: { 'List-Unsubscribe': listUnsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** An http(s) URL without credentials, query or fragment, returned without a trailing slash. */
function parseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new MailLinkError(`baseUrl "${baseUrl}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MailLinkError(`baseUrl "${baseUrl}" must be an http(s) URL`);
  }
  // `new URL` drops an empty "?" or "#", so look at the input too.
  if (url.search || url.hash || baseUrl.includes('?') || baseUrl.includes('#')) {
    throw new MailLinkError(`baseUrl "${baseUrl}" must not have a query or fragment`);
  }
  if (url.username || url.password) throw new MailLinkError('baseUrl must not carry credentials');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

// Plain addresses only, so nothing in the header needs percent-encoding (RFC 6068).
const MAILTO_ADDRESS = /^[a-z0-9._+-]+@[a-z0-9.-]+$/;

function mailtoUri(address: string): string {
  const normalised = normaliseEmail(address);
  if (normalised === undefined || !MAILTO_ADDRESS.test(normalised)) {
    throw new MailLinkError(`mailto "${address}" must be a plain address like unsubscribe@example.com`);
  }
  return `mailto:${normalised}?subject=unsubscribe`;
}
