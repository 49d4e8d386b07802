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
});
