/** A rate limiter over opaque keys. The memory one suits a single gateway process. */
export interface RateLimiter {
  /** Takes one token for `key`; when none is left, says how many seconds until the next. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** Gives back a token `take` granted, for limits that count only some outcomes (failed logins). */
  refund(key: string): void;
}

export interface TokenBucketOptions {
  /** Burst size: requests allowed at once. */
  capacity: number;
  /** Tokens refilled per minute. */
  perMinute: number;
  /** Keys kept at most; the least recently used are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

export interface MemoryRateLimiter extends RateLimiter {
  /** Buckets held: the clients seen within about one refill period, at most `maxKeys`. */
  size(): number;
}

/**
 * Token buckets in a Map kept in order of last use, so the oldest key is the first evicted. A
 * bucket that has refilled is forgotten (a new one starts full, so nothing changes for its
 * client): memory follows the clients of the last refill period, not every client since start.
 */
export function createMemoryRateLimiter({
  capacity,
  perMinute,
  maxKeys = 50_000,
  now = Date.now,
}: TokenBucketOptions): MemoryRateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  const refilled = (bucket: { tokens: number; at: number }, t: number) =>
    bucket.tokens + (t - bucket.at) * perMs >= capacity;
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
      buckets.delete(key);
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      // Each key is deleted at most once per insert, so this sweep is O(1) amortised.
      for (const [oldest, held] of buckets) {
        if (buckets.size < maxKeys && !refilled(held, t)) break;
        buckets.delete(oldest);
      }
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
    refund(key) {
      const bucket = buckets.get(key);
      if (bucket) bucket.tokens = Math.min(capacity, bucket.tokens + 1);
    },
    size: () => buckets.size,
  };
}
