import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './limiter.ts';

describe('token-bucket limiter', () => {
  const clock = () => {
    let t = 0;
    return {
      now: () => t,
      advance: (ms: number) => {
        t += ms;
      },
    };
  };

  it('allows a burst of `capacity`, then refills at `perMinute`', () => {
    const { now, advance } = clock();
    const limiter = createMemoryRateLimiter({ capacity: 3, perMinute: 3, now });
    expect([1, 2, 3, 4].map(() => limiter.take('k').allowed)).toEqual([true, true, true, false]);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('other').allowed).toBe(true);
    advance(20_000);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('refund gives back one token, never beyond capacity', () => {
    const { now } = clock();
    const limiter = createMemoryRateLimiter({ capacity: 2, perMinute: 1, now });
    limiter.take('k');
    limiter.take('k');
    expect(limiter.take('k').allowed).toBe(false);
    limiter.refund('k');
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('k').allowed).toBe(false);
    for (let i = 0; i < 5; i++) limiter.refund('k');
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, false]);
    limiter.refund('never-seen'); // a no-op
  });

  it('keeps at most `maxKeys` buckets, forgetting the least recently used first', () => {
    const { now } = clock();
    const limiter = createMemoryRateLimiter({ capacity: 1, perMinute: 1, maxKeys: 3, now });
    for (const k of ['a', 'b', 'c']) limiter.take(k);
    limiter.take('a'); // refused, and now the most recent
    limiter.take('d'); // a fourth key: `b`, the least recent, is forgotten
    expect(limiter.take('b').allowed).toBe(true); // a fresh bucket; it pushes out `c`
    expect(limiter.take('a').allowed).toBe(false); // still remembered
    expect(limiter.take('c').allowed).toBe(true);
    // 20,000 clients through a 1,000-key limiter: the first ones are forgotten, the last remembered.
    const big = createMemoryRateLimiter({ capacity: 1, perMinute: 1, maxKeys: 1000, now });
    for (let i = 0; i < 20_000; i++) big.take(`ip-${i}`);
    expect(big.take('ip-0').allowed).toBe(true);
    expect(big.take('ip-19999').allowed).toBe(false);
  });

  it('forgets a bucket once it has refilled, so memory follows recent clients only', () => {
    const { now, advance } = clock();
    const limiter = createMemoryRateLimiter({ capacity: 2, perMinute: 2, now });
    for (let i = 0; i < 1000; i++) limiter.take(`ip-${i}`);
    limiter.take('busy');
    limiter.take('busy'); // drained: full again only after a minute
    expect(limiter.size()).toBe(1001);
    advance(30_000);
    limiter.take('new'); // half a minute on: the one-token buckets are full again, `busy` is not
    expect(limiter.size()).toBe(2);
    expect(limiter.take('busy').allowed).toBe(true); // refilled by one token
    expect(limiter.take('busy').allowed).toBe(false);
    advance(60_000);
    limiter.take('later');
    expect(limiter.size()).toBe(1);
    // A forgotten client starts again with a full bucket, as a remembered full one would.
    expect([1, 2, 3].map(() => limiter.take('ip-0').allowed)).toEqual([true, true, false]);
  });
});
