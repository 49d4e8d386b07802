import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_EVENT_BYTES } from '../analytics/body.ts';
import type { CollectResponse, createCollect } from '../analytics/collect.ts';
import { forwardedClient } from '../client.ts';
import type { Logger } from '../log/logger.ts';
import { corsHeaderEntries } from '../middleware/cors/index.ts';
import { isHttps, securityHeaderEntries } from '../middleware/security-headers/index.ts';

export interface FastEventOptions {
  collect: ReturnType<typeof createCollect>;
  trustProxy: boolean;
  logger: Logger;
  /** Whether an `Origin` is a configured site's (`siteOrigins(config)`): it then gets CORS headers. */
  allowedOrigin?: (origin: string | undefined) => boolean;
}

const REQUEST_ID = /^[\w\-=]{1,64}$/;

/**
 * `POST /api/event` straight from node:http, skipping the framework: on this hot path, building a
 * Web Request and running the middleware chain cost several times the ingest itself. It calls
 * the same `collect` as the Hono route and sends the same headers (security headers, request
 * id), so clients cannot tell the two apart; only the Node entry uses it.
 */
export function createFastEventListener({ collect, trustProxy, logger, allowedOrigin }: FastEventOptions) {
  // Accepted events are counted in metrics; each is logged only at debug level, like the Hono route.
  const debug = logger.isLevelEnabled('debug');
  return function handleEvent(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const incomingId = req.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID();
    const headers = { get: (name: string) => headerValue(req, name) };
    const forwarded = trustProxy ? forwardedClient(headerValue(req, 'x-forwarded-for')) : undefined;
    const ip = forwarded || req.socket.remoteAddress || 'unknown';
    const proto = trustProxy ? headerValue(req, 'x-forwarded-proto') : undefined;
    const https = isHttps((req.socket as { encrypted?: boolean }).encrypted ? 'https:' : 'http:', proto);
    const origin = req.headers.origin;
    const cors = origin !== undefined && allowedOrigin?.(origin) ? origin : undefined;

    readCapped(req, MAX_EVENT_BYTES).then(
      (text) => {
        send(res, collect({ text, headers, ip, requestId }), requestId, https, cors);
        if (text === 'too_large') closeAfterLinger(req);
      },
      () => {
        res.destroy();
      },
    );
    if (!debug) {
      res.once('finish', () => {
        if (res.statusCode >= 400) logger.info(line(requestId, res.statusCode, started), 'request');
      });
    } else {
      res.once('finish', () => logger.debug(line(requestId, res.statusCode, started), 'request'));
    }
  };
}

/** Security headers as flat [name, value, …] lists, built once: setHeader per response is costly. */
const BASE_HEADERS = securityHeaderEntries(false).flat();
const HTTPS_HEADERS = securityHeaderEntries(true).flat();
/** The same for a configured site's origin, whose CORS entries bring their own resource policy. */
const withoutCorp = (entries: readonly [string, string][]) =>
  entries.filter(([name]) => name !== 'cross-origin-resource-policy').flat();
const CORS_BASE_HEADERS = withoutCorp(securityHeaderEntries(false));
const CORS_HTTPS_HEADERS = withoutCorp(securityHeaderEntries(true));

function send(res: ServerResponse, result: CollectResponse, requestId: string, https: boolean, cors?: string): void {
  const base =
    cors === undefined ? (https ? HTTPS_HEADERS : BASE_HEADERS) : https ? CORS_HTTPS_HEADERS : CORS_BASE_HEADERS;
  const headers = [...base, 'x-request-id', requestId];
  if (cors !== undefined) headers.push(...corsHeaderEntries(cors).flat());
  for (const [name, value] of Object.entries(result.headers)) headers.push(name, value);
  // An explicit length (0 for 202) avoids chunked encoding and a second write.
  const body = result.body ?? '';
  headers.push('content-length', String(Buffer.byteLength(body)));
  res.writeHead(result.status, headers).end(body);
}

function line(requestId: string, status: number, started: number) {
  return {
    requestId,
    method: 'POST',
    route: '/api/event',
    status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The body as text, or `too_large` as soon as more than `max` bytes have arrived (or are declared),
 * so the 413 goes out at once and nothing past the cap is kept.
 */
function readCapped(req: IncomingMessage, max: number): Promise<string | 'too_large'> {
  if (Number(req.headers['content-length'] ?? 0) > max) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= max) chunks.push(chunk);
      else {
        req.off('data', onData);
        resolve('too_large');
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > max ? 'too_large' : Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', reject);
  });
}

/** How long the rest of an oversized body is discarded before the socket is closed. */
const LINGER_MS = 500;

/**
 * After an early 413: discard what the client still sends for a moment, so that it reads the
 * answer before the close (an immediate close can reset the connection first), then close it. A
 * client that stops sending in time keeps its connection.
 */
function closeAfterLinger(req: IncomingMessage): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.resume();
}
