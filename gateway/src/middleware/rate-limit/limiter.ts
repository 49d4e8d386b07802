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

/** Token buckets in a Map kept in insertion order, so the oldest key is the first evicted. */
export function createMemoryRateLimiter({
  capacity,
  perMinute,
  maxKeys = 50_000,
  now = Date.now,
}: TokenBucketOptions): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
      buckets.delete(key);
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
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
  };
}
