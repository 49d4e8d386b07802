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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Turns an IP into an opaque key for in-memory counters: SHA-256 over a random salt that lives
 * only in memory and is replaced every 24 hours, so keys cannot be reversed or linked across days.
 */
export function createClientKeyer(now: () => number = Date.now) {
  let salt = randomSalt();
  let saltSince = now();
  return async function clientKey(ip: string): Promise<string> {
    if (now() - saltSince >= DAY_MS) {
      salt = randomSalt();
      saltSince = now();
    }
    const data = new TextEncoder().encode(`${salt}|${ip}`);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    // join() builds one flat string; `+=` would build a rope of 32 pieces, and the limiters hold
    // tens of thousands of these keys.
    return Array.from(digest.subarray(0, 16), (b) => HEX[b]).join('');
  };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function randomSalt(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => HEX[b]).join('');
}
