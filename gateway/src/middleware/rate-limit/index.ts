import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import type { RateLimiter } from './limiter.ts';

export type { RateLimiter } from './limiter.ts';
export { createMemoryRateLimiter } from './limiter.ts';

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** An opaque key for the caller, e.g. a salted hash of the client IP. Never the IP itself. */
  key: (c: Context) => string | Promise<string>;
}

/**
 * Answers 429 problem+json with Retry-After once the caller has used up its tokens.
 *
 * @example
 * app.post('/api/consent', rateLimit({ limiter, key: (c) => clientKey(c) }), handler)
 */
export function rateLimit({ limiter, key }: RateLimitOptions): MiddlewareHandler {
  return async function rateLimitMiddleware(c, next) {
    const verdict = limiter.take(await key(c));
    if (!verdict.allowed) {
      throw new ApiError('rate_limited', 'Too many requests from this client; try again shortly.', {
        headers: { 'retry-after': String(verdict.retryAfterSeconds) },
      });
    }
    await next();
  };
}
