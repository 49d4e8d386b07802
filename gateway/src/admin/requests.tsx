import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import type { RequestDeps } from '../requests/context.ts';

/** `/admin/requests` (privacy and admin): the queue, each request, and the officer's actions. (Being built.) */
export function registerRequestAdminRoutes(_app: Hono<AppEnv>, _deps: RequestDeps): void {}
