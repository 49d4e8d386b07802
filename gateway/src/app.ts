import type { CandorConfig } from '@candor/config';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './context.ts';
import { ApiError, handleError, problem } from './errors.ts';
import { registerHealthRoutes } from './health/routes.ts';
import type { Logger } from './log/logger.ts';
import { accessLog } from './middleware/access-log/index.ts';
import { securityHeaders } from './middleware/security-headers/index.ts';
import type { SiteAssets } from './site/assets.ts';
import { createSiteHandler } from './site/serve.ts';
import type { EventStore } from './store/events.ts';
import type { RecordStore } from './store/records.ts';

/** Everything the gateway needs, built once by `main.ts` (or by a test). */
export interface AppDeps {
  config: CandorConfig;
  logger: Logger;
  records: RecordStore;
  events: EventStore;
  site: SiteAssets;
  /** Take the scheme and client address from the reverse proxy's X-Forwarded-* headers. */
  trustProxy: boolean;
}

/** Default cap on any request body; routes with smaller bodies set a tighter limit of their own. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Builds the gateway. Runtime-agnostic: it uses Web-standard APIs only and opens no port. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const site = createSiteHandler(
    deps.site,
    deps.config.services.flatMap((s) => s.origins),
  );

  app.use(requestId({ limitLength: 64 }));
  app.use(accessLog(deps.logger));
  app.use(securityHeaders({ trustProxy: deps.trustProxy }));
  app.use(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    return limitBody(DEFAULT_BODY_LIMIT)(c, next);
  });

  registerHealthRoutes(app, deps);

  app.all('/api/*', (c) => problem(c, 'not_found', `No API route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.get('*', (c) => site.get(c));

  app.notFound((c) => site.notFound(c));
  app.onError(handleError(deps.logger));
  return app;
}

/** A body-size guard that answers 413 problem+json. */
export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('payload_too_large', `The request body exceeds ${maxSize} bytes.`);
    },
  });
}
