import { createClientKeyer, createSaltedKeyer } from '../client.ts';
import { createMemoryRateLimiter } from '../middleware/rate-limit/limiter.ts';

/** Failed sign-ins allowed per account (by email, known or not) and per client, per window. */
export const ACCOUNT_FAILURES = 5;
/** Per client: an IPv4 address, or an IPv6 /64 (a line can use any address of its /64). */
export const CLIENT_FAILURES = 20;
export const THROTTLE_WINDOW_MINUTES = 15;

export type ThrottleVerdict =
  | { allowed: true /** Call when the password was right: the attempt costs nothing. */; succeeded(): void }
  | { allowed: false; retryAfterSeconds: number };

export interface LoginThrottle {
  /** Takes a token for the account and the client before a password is checked. */
  attempt(email: string, ip: string): Promise<ThrottleVerdict>;
}

/**
 * Sign-in throttling with token buckets: each attempt takes a token from the account's bucket
 * (keyed by a salted hash of the email) and the client's (a salted hash of its IPv4 address or
 * IPv6 /64, see `clientNetwork`), and a successful one gives both back, so only failures count.
 * Taking first means parallel guesses cannot slip past the limit. Keys live only in memory.
 */
export function createLoginThrottle(now: () => number): LoginThrottle {
  const limiter = (failures: number) =>
    createMemoryRateLimiter({ capacity: failures, perMinute: failures / THROTTLE_WINDOW_MINUTES, now });
  const accounts = limiter(ACCOUNT_FAILURES);
  const clients = limiter(CLIENT_FAILURES);
  const accountKey = createSaltedKeyer(now);
  const clientKey = createClientKeyer(now);

  return {
    async attempt(email: string, ip: string): Promise<ThrottleVerdict> {
      const a = await accountKey(email);
      const c = await clientKey(ip);
      const account = accounts.take(a);
      const client = clients.take(c);
      if (account.allowed && client.allowed) {
        return {
          allowed: true,
          succeeded() {
            accounts.refund(a);
            clients.refund(c);
          },
        };
      }
      // No password is checked, so the attempt costs the other bucket nothing.
      if (account.allowed) accounts.refund(a);
      if (client.allowed) clients.refund(c);
      const waits = [account, client].map((v) => (v.allowed ? 0 : v.retryAfterSeconds));
      return { allowed: false, retryAfterSeconds: Math.max(...waits) };
    },
  };
}
