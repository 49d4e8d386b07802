import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import type { RequestDeps } from './context.ts';

/** `GET`/`POST /privacy-requests/download/:id`: the export package, with the emailed code. (Being built.) */
export function registerDownloadRoutes(_app: Hono<AppEnv>, _deps: RequestDeps): void {}
