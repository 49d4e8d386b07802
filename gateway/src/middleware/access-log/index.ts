import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';
import type { Logger } from '../../log/logger.ts';

/** Probes, and the analytics hot path whose volume is counted in metrics rather than logged. */
const QUIET = new Set(['/healthz', '/readyz', '/api/event']);

/**
 * One structured line per request: id, method, matched route pattern, status and duration.
 * It never logs the raw URL, headers, client address or user agent, so a query string or token
 * with personal data cannot reach the log. Static files add their path once they are known to exist.
 *
 * @example
 * app.use(accessLog(logger))
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLogMiddleware(c, next) {
    const start = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      path: c.get('assetPath'),
      status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    };
    if (status >= 500) logger.error(line, 'request failed');
    else if (QUIET.has(c.req.routePath) && status < 400) logger.debug(line, 'request');
    else logger.info(line, 'request');
  };
}
