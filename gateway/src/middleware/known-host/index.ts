import type { MiddlewareHandler } from 'hono';
import { problem } from '../../errors.ts';

/**
 * Answers 421 Misdirected Request when the `Host` names no host this gateway serves: the routes
 * that mint tokens, send mail or compare origins must not answer for a name an attacker chose.
 * The port is ignored; `X-Forwarded-Host` is never read.
 *
 * @example
 * app.use('/admin/*', knownHost(servedHostnames(config)))
 */
export function knownHost(hostnames: ReadonlySet<string>): MiddlewareHandler {
  return async function knownHostMiddleware(c, next) {
    const hostname = new URL(c.req.url).hostname.toLowerCase();
    if (hostnames.has(hostname)) return next();
    return problem(c, 'misdirected', `This server does not answer for ${JSON.stringify(hostname)}.`);
  };
}
