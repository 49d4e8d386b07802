import type { Context, Hono } from 'hono';
import { constantTimeEqual, sha256Hex } from '../admin/crypto.ts';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';
import { CONTENT_TYPE, type Family, render } from './text.ts';

export interface MetricsRouteDeps {
  /** `CANDOR_METRICS_TOKEN`; unset, `/metrics` answers 404 as if it did not exist. */
  token: string | undefined;
  collect(): Promise<Family[]>;
}

/** `GET /metrics`: Prometheus text, for a scraper holding the bearer token. */
export function registerMetricsRoute(app: Hono<AppEnv>, deps: MetricsRouteDeps) {
  app.get('/metrics', async (c) => {
    if (deps.token === undefined) return problem(c, 'not_found', 'No route GET /metrics');
    if (!(await bearerMatches(c, deps.token))) {
      return problem(c, 'unauthorized', 'Send the metrics token as a bearer token.', {
        'www-authenticate': 'Bearer realm="metrics"',
        'cache-control': 'no-store',
      });
    }
    const body = render(await deps.collect());
    return c.body(body, 200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' });
  });
}

/**
 * True when the request carries `Authorization: Bearer <token>`. Both sides are hashed first, so
 * the comparison takes the same time whatever the length or the first differing byte.
 */
export async function bearerMatches(c: Context<AppEnv>, token: string): Promise<boolean> {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const sent = match?.[1] ?? '';
  const [a, b] = await Promise.all([sha256Hex(sent), sha256Hex(token)]);
  return constantTimeEqual(a, b) && sent.length > 0;
}
