import type { Hono } from 'hono';
import { clientIp, type RemoteAddress } from '../client.ts';
import type { AppEnv } from '../context.ts';
import { MAX_EVENT_BYTES } from './body.ts';
import type { createCollect } from './collect.ts';
import { readBodyWeb } from './read-body.ts';

export interface EventRouteDeps {
  collect: ReturnType<typeof createCollect>;
  trustProxy: boolean;
  remoteAddress: RemoteAddress;
}

/** `POST /api/event` through Hono: used by tests and non-Node runtimes (Node takes a fast path). */
export function registerEventRoute(app: Hono<AppEnv>, { collect, trustProxy, remoteAddress }: EventRouteDeps) {
  app.post('/api/event', async (c) => {
    const result = collect({
      text: await readBodyWeb(c, MAX_EVENT_BYTES),
      headers: c.req.raw.headers,
      ip: clientIp(c, trustProxy, remoteAddress),
      requestId: c.get('requestId'),
    });
    return result.body === null
      ? c.body(null, result.status, result.headers)
      : c.body(result.body, result.status, result.headers);
  });
}
