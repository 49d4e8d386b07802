import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';
import { bearerMatches } from './routes.ts';

/**
 * What `pnpm candor backup` asks of a running gateway. The token is made at each start and
 * written, readable by the owner only, to the data dir: whoever can read it can read the stores
 * anyway, so the endpoint grants nothing new.
 */
export interface OpsDeps {
  token: string;
  /** Writes a consistent copy of the event store into the data dir; resolves with its file name. */
  snapshotEvents(): Promise<string>;
}

/** `POST /ops/backup`: snapshots the event store (which only this process may open). */
export function registerOpsRoutes(app: Hono<AppEnv>, ops: OpsDeps) {
  let running: Promise<string> | undefined;
  app.post('/ops/backup', async (c) => {
    if (!(await bearerMatches(c, ops.token))) {
      return problem(c, 'unauthorized', 'Send the ops token from the data dir as a bearer token.', {
        'www-authenticate': 'Bearer realm="ops"',
      });
    }
    if (running) return problem(c, 'conflict', 'A backup is already running.');
    running = ops.snapshotEvents();
    try {
      return c.json({ file: await running }, 200, { 'cache-control': 'no-store' });
    } finally {
      running = undefined;
    }
  });
}
