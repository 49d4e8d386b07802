import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import type { RequestDeps } from './context.ts';

export interface CallbackDeps extends RequestDeps {
  /** Webhook id → signing secret, for the connected systems' signed callbacks. */
  webhookSecrets: ReadonlyMap<string, string>;
}

/** `POST /api/privacy-requests/:id/systems/:system`: a connected system reports back. (Being built.) */
export function registerSystemCallbackRoutes(_app: Hono<AppEnv>, _deps: CallbackDeps): void {}
