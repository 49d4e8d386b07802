// Signatures in the `candor-signature` header, HMAC-SHA-256 in hex, two schemes:
// - v1, on the webhooks Candor sends: `t=<unix seconds>,v1=<hex HMAC(secret, "<t>.<body>")>`.
//   The body names its event (`id`), which a receiver deduplicates on, and each target has its own secret.
// - v2, on the callbacks systems send to Candor: `t=<unix seconds>,v2=<hex HMAC(secret, requestSigningString)>`,
//   bound to the method and path as well, so a report signed for one request cannot be posted to another.
// Web Crypto only, so a receiver on any runtime can copy this file.

const encoder = new TextEncoder();

/** What a v2 signature covers besides its time. */
export interface SignedRequest {
  /** Upper case, e.g. `POST`. */
  method: string;
  /** The URL's path, from the `/` after the host up to any `?`, exactly as sent: no host, no query. */
  path: string;
  /** The raw body, as sent. */
  body: string;
}

export interface VerifyOptions {
  /** The receiver's clock; default the current time. */
  now?: Date;
  /** How far `t` may be from `now`, either way, so a captured request cannot be replayed later. */
  toleranceSeconds?: number;
}

/** A valid v2 signature: its time, and the HMAC that matched (the key for a replay cache). */
export interface VerifiedRequest {
  t: number;
  mac: string;
}

/** The `candor-signature` header value for `body` sent at unix time `t` (seconds): scheme v1. */
export async function signWebhook(secret: string, body: string, t: number): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/**
 * The text a v2 signature is the HMAC of: `v2`, `t`, the method, the path and the body, joined by
 * "\n". Only the body, which comes last, may contain a line break, so the fields cannot be shifted
 * into one another (a path may contain ".", never a raw line break).
 */
export function requestSigningString(t: number, { method, path, body }: SignedRequest): string {
  return `v2\n${t}\n${method.toUpperCase()}\n${path}\n${body}`;
}

/** The `candor-signature` header value for a request sent at unix time `t` (seconds): scheme v2. */
export async function signRequest(secret: string, request: SignedRequest, t: number): Promise<string> {
  return `t=${t},v2=${await hmacHex(secret, requestSigningString(t, request))}`;
}

/**
 * Whether `header` is a valid v1 signature of the raw `body` under `secret`, made within the
 * tolerance. Several `v1=` entries are accepted (any may match), for rotating secrets.
 */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: VerifyOptions = {},
): Promise<boolean> {
  const parsed = parseHeader(header, 'v1', options);
  if (!parsed) return false;
  return matching(parsed.candidates, await hmacHex(secret, `${parsed.t}.${body}`)) !== undefined;
}

/**
 * The v2 signature in `header` that covers this method, path and body under `secret`, made within
 * the tolerance; undefined if there is none. v1 entries are ignored: they do not cover the path.
 * This checks the signature only: refusing a second use of it is the caller's replay cache.
 */
export async function verifyRequestSignature(
  secret: string,
  header: string | null | undefined,
  request: SignedRequest,
  options: VerifyOptions = {},
): Promise<VerifiedRequest | undefined> {
  const parsed = parseHeader(header, 'v2', options);
  if (!parsed) return undefined;
  const mac = matching(parsed.candidates, await hmacHex(secret, requestSigningString(parsed.t, request)));
  return mac === undefined ? undefined : { t: parsed.t, mac };
}

/** `t` and the entries of one scheme, if `t` is within the tolerance and there is at least one entry. */
function parseHeader(
  header: string | null | undefined,
  scheme: 'v1' | 'v2',
  { now = new Date(), toleranceSeconds = 300 }: VerifyOptions,
): { t: number; candidates: string[] } | undefined {
  if (!header) return undefined;
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (name === scheme) candidates.push(value);
  }
  if (t === undefined || candidates.length === 0) return undefined;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return undefined;
  return { t, candidates };
}

/** `expected` if any candidate equals it; every candidate is compared, in constant time. */
function matching(candidates: string[], expected: string): string | undefined {
  let ok = false;
  for (const candidate of candidates) ok = constantTimeEqual(candidate, expected) || ok;
  return ok ? expected : undefined;
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Time depends only on the lengths, not on where the strings differ. */
function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < y.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
