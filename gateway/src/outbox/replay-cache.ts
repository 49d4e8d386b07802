// Signatures already used, so a captured signed request is accepted once, not for the whole
// tolerance window. In memory and per process: with several gateway instances each has its own,
// and a replay sent to another instance within the window is not caught (shared state moves to Redis later).

/** What `claim` found: a key not seen before (now recorded), a key seen before, or no room left. */
export type ClaimResult = 'fresh' | 'replay' | 'full';

export interface ReplayCache {
  /**
   * Records `key` until `expiresAtMs`, when its signature's timestamp leaves the tolerance window
   * and the signature check refuses it anyway. Synchronous, so two identical requests racing each
   * other cannot both find the key missing.
   */
  claim(key: string, expiresAtMs: number, nowMs: number): ClaimResult;
  /** Keys held, expired ones included until the next sweep. */
  readonly size: number;
}

export interface ReplayCacheOptions {
  /** At most this many unexpired keys; beyond it `claim` answers `full` rather than forget one early. */
  maxEntries?: number;
  /** How often expired keys are dropped even when the cache is not full. */
  sweepEveryMs?: number;
}

export const DEFAULT_REPLAY_CACHE_ENTRIES = 10_000;

export function createReplayCache({
  maxEntries = DEFAULT_REPLAY_CACHE_ENTRIES,
  sweepEveryMs = 60_000,
}: ReplayCacheOptions = {}): ReplayCache {
  const expiries = new Map<string, number>();
  let nextSweepMs = 0;

  function sweep(nowMs: number): void {
    for (const [key, expiresAtMs] of expiries) if (expiresAtMs < nowMs) expiries.delete(key);
    nextSweepMs = nowMs + sweepEveryMs;
  }

  return {
    claim(key, expiresAtMs, nowMs) {
      const seen = expiries.get(key);
      if (seen !== undefined && seen >= nowMs) return 'replay';
      if (nowMs >= nextSweepMs || expiries.size >= maxEntries) sweep(nowMs);
      // Forgetting an unexpired key would let its signature be used again: refuse instead.
      if (expiries.size >= maxEntries) return 'full';
      expiries.set(key, expiresAtMs);
      return 'fresh';
    },
    get size() {
      return expiries.size;
    },
  };
}
