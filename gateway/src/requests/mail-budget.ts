/** When a verification mail may go: now (`heldUntil` null), at a later free slot (ms), or undefined for never. */
export type MailSlot = { heldUntil: number | null } | undefined;

/** A budget of mails per opaque key (a keyed hash, never an address), held in memory. */
export interface MailBudget {
  /** Takes one mail's worth for `key`: now if it has one, else the next free slot if it may borrow it. */
  take(key: string): MailSlot;
  /** Gives back what `take` granted, for a mail that did not go after all. */
  refund(key: string): void;
}

export interface MailBudgetOptions {
  /** Mails per hour, which is also the burst. */
  perHour: number;
  /** How many mails a spent budget may still hold for its next free slots (default 1). */
  ahead?: number;
  /** Keys kept at most; the least recently used are forgotten first. */
  maxKeys?: number;
  now: () => number;
}

/**
 * Token buckets that may run `ahead` mails into debt. Once a key's mails are spent, the next one
 * is not dropped but held until the bucket would have had a token again, and it counts against
 * the slots after it: over time the key never gets more than `perHour`, and a request filed
 * after someone else used up the budget still gets its link, a little later.
 */
export function createMailBudget({ perHour, ahead = 1, maxKeys = 50_000, now }: MailBudgetOptions): MailBudget {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perHour / 3_600_000;
  const full = (bucket: { tokens: number; at: number }, t: number) =>
    bucket.tokens + (t - bucket.at) * perMs >= perHour;
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: perHour, at: t };
      buckets.delete(key);
      bucket.tokens = Math.min(perHour, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      // A refilled bucket is forgotten (a new one starts full); a bucket in debt only under pressure.
      for (const [oldest, held] of buckets) {
        if (buckets.size < maxKeys && !full(held, t)) break;
        buckets.delete(oldest);
      }
      buckets.set(key, bucket);
      if (bucket.tokens - 1 < -ahead) return undefined;
      bucket.tokens -= 1;
      return { heldUntil: bucket.tokens >= 0 ? null : t + Math.ceil(-bucket.tokens / perMs) };
    },
    refund(key) {
      const bucket = buckets.get(key);
      if (bucket) bucket.tokens = Math.min(perHour, bucket.tokens + 1);
    },
  };
}
