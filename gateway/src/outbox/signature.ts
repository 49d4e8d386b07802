// Webhook signatures: `candor-signature: t=<unix seconds>,v1=<hex HMAC-SHA-256(secret, "<t>.<body>")>`.
// Web Crypto only, so a receiver on any runtime can copy this file.

const encoder = new TextEncoder();

/** The `candor-signature` header value for `body` sent at unix time `t` (seconds). */
export async function signWebhook(secret: string, body: string, t: number): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

export interface VerifyOptions {
  /** The receiver's clock; default the current time. */
  now?: Date;
  /** How far `t` may be from `now`, either way, so a captured request cannot be replayed later. */
  toleranceSeconds?: number;
}

/**
 * Whether `header` is a valid signature of the raw `body` under `secret`, made within the
 * tolerance. Several `v1=` entries are accepted (any may match), for rotating secrets.
 */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  { now = new Date(), toleranceSeconds = 300 }: VerifyOptions = {},
): Promise<boolean> {
  if (!header) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (name === 'v1') signatures.push(value);
  }
  if (t === undefined || signatures.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  let ok = false;
  for (const candidate of signatures) ok = constantTimeEqual(candidate, expected) || ok;
  return ok;
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
