import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import type { RequestDeps } from './context.ts';

export interface PrivacyRequestRouteDeps extends RequestDeps {
  trustProxy: boolean;
  /** Per-client cap on submissions (keyed by a salted hash of the client address). */
  rateLimit: MiddlewareHandler;
}

/** `POST /api/privacy-requests` and `GET`/`POST /privacy-requests/verify/:token`. (Being built.) */
export function registerPrivacyRequestRoutes(_app: Hono<AppEnv>, _deps: PrivacyRequestRouteDeps): void {}
