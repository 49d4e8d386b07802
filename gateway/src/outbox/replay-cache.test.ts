import { describe, expect, it } from 'vitest';
import { createReplayCache } from './replay-cache.ts';

const NOW = 1_772_355_600_000;

describe('replay cache', () => {
  it('accepts a key once, and refuses it again until it expires', () => {
    const cache = createReplayCache();
    expect(cache.claim('mac-1', NOW + 300_000, NOW)).toBe('fresh');
    expect(cache.claim('mac-1', NOW + 300_000, NOW + 1)).toBe('replay');
    expect(cache.claim('mac-1', NOW + 300_000, NOW + 300_000)).toBe('replay');
    expect(cache.claim('mac-2', NOW + 300_000, NOW)).toBe('fresh');
  });

  it('drops expired keys, so memory follows the window rather than the traffic', () => {
    const cache = createReplayCache({ sweepEveryMs: 60_000 });
    for (let i = 0; i < 100; i++) cache.claim(`mac-${i}`, NOW + 300_000, NOW);
    expect(cache.size).toBe(100);
    expect(cache.claim('later', NOW + 700_000, NOW + 400_000)).toBe('fresh');
    expect(cache.size).toBe(1);
  });

  it('when full of unexpired keys, answers full instead of forgetting one early', () => {
    const cache = createReplayCache({ maxEntries: 2 });
    expect(cache.claim('a', NOW + 300_000, NOW)).toBe('fresh');
    expect(cache.claim('b', NOW + 300_000, NOW)).toBe('fresh');
    expect(cache.claim('c', NOW + 300_000, NOW)).toBe('full');
    expect(cache.claim('a', NOW + 300_000, NOW)).toBe('replay');
    // Once a key expires there is room again.
    expect(cache.claim('c', NOW + 700_000, NOW + 300_001)).toBe('fresh');
  });
});
