import type { Context } from 'hono';

/** Reads the peer address of the connection; supplied by the runtime entry (Node: getConnInfo). */
export type RemoteAddress = (c: Context) => string | undefined;

/**
 * The client's IP: behind a trusted proxy, the address that proxy saw, else the socket peer.
 * Used only in memory (rate-limit keys, the country lookup and visitor key); never stored or logged.
 */
export function clientIp(c: Context, trustProxy: boolean, remoteAddress: RemoteAddress): string {
  const forwarded = trustProxy ? forwardedClient(c.req.header('x-forwarded-for')) : undefined;
  return forwarded ?? remoteAddress(c) ?? 'unknown';
}

/**
 * The last X-Forwarded-For entry: the one the trusted proxy in front of Candor wrote. Earlier
 * entries come from the client (or proxies before it) and can be anything, so a client that sends
 * its own header cannot choose its rate-limit key when the proxy appends to it.
 */
export function forwardedClient(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const last = header.slice(header.lastIndexOf(',') + 1).trim();
  return last || undefined;
}

/**
 * What a per-client limit counts as one client: an IPv4 address, or the /64 network of an IPv6
 * address. An IPv6 subscriber line gets at least a /64 and may use any address in it, so keying a
 * limit on the full address would give one client 2^64 fresh budgets. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`) counts as its IPv4 address. Anything that is not an IPv6 address comes back
 * unchanged. Like the address, the result is only hashed in memory, never stored or logged.
 */
export function clientNetwork(ip: string): string {
  if (!ip.includes(':')) return ip; // IPv4, or no address: the hot path pays one scan
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

const HEXTET = /^[0-9a-f]{1,4}$/;
const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight 16-bit groups of an IPv6 address (zone, brackets and `::` allowed), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  let ip = text.trim().toLowerCase();
  if (ip.startsWith('[')) {
    const end = ip.indexOf(']');
    ip = ip.slice(1, end < 0 ? undefined : end);
  }
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined): number[] | undefined => {
    if (!part) return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      const v4 = i === pieces.length - 1 ? DOTTED.exec(piece) : null;
      if (v4) {
        const bytes = v4.slice(1).map(Number);
        if (bytes.some((b) => b > 255)) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = bytes;
        out.push((a << 8) | b, (c << 8) | d);
      } else if (HEXTET.test(piece)) out.push(Number.parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Turns any text into an opaque key for in-memory counters: SHA-256 over a random salt that lives
 * only in memory and is replaced every 24 hours, so keys cannot be reversed or linked across days.
 */
export function createSaltedKeyer(now: () => number = Date.now) {
  let salt = randomSalt();
  let saltSince = now();
  return async function saltedKey(text: string): Promise<string> {
    if (now() - saltSince >= DAY_MS) {
      salt = randomSalt();
      saltSince = now();
    }
    const data = new TextEncoder().encode(`${salt}|${text}`);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    // join() builds one flat string; `+=` would build a rope of 32 pieces, and the limiters hold
    // tens of thousands of these keys.
    return Array.from(digest.subarray(0, 16), (b) => HEX[b]).join('');
  };
}

/** The per-client rate-limit key of an IP: a salted hash of its `clientNetwork` (so an IPv6 /64 is one client). */
export function createClientKeyer(now: () => number = Date.now) {
  const key = createSaltedKeyer(now);
  return function clientKey(ip: string): Promise<string> {
    return key(clientNetwork(ip));
  };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function randomSalt(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => HEX[b]).join('');
}
