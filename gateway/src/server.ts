import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from './log/logger.ts';

type ServerType = Server;
type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RunningServer {
  server: Server;
  port: number;
}

/**
 * Listens on host:port and resolves once the socket is bound. `POST /api/event`, with or without a
 * query string (as the Hono route matches it), goes to the fast handler when one is given;
 * everything else to the Hono app. Both cap the body while it streams.
 */
export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  host: string,
  port: number,
  eventHandler?: NodeHandler,
) {
  const app = getRequestListener(fetch);
  const server = createServer((req, res) => {
    if (eventHandler && req.method === 'POST' && isEventUrl(req.url)) eventHandler(req, res);
    else void app(req, res);
  });
  return new Promise<RunningServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

/** The exact path first, so the tracker's beacon costs one comparison. */
function isEventUrl(url: string | undefined): boolean {
  return url === '/api/event' || (url?.startsWith('/api/event?') ?? false);
}

export interface ShutdownOptions {
  server: ServerType;
  logger: Logger;
  /** Flushes buffers and closes stores, in order. */
  cleanup: () => Promise<void>;
  /** Hard limit for the whole shutdown; past it the process exits with 1. */
  timeoutMs?: number;
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let in-flight requests finish, run cleanup
 * (flush, close stores), exit 0. A second signal or the timeout forces exit 1.
 */
export function handleShutdown({ server, logger, cleanup, timeoutMs = 9000 }: ShutdownOptions): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    try {
      await closeServer(server, Math.max(1000, timeoutMs - 3000));
      await cleanup();
      logger.info('stopped');
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      process.exit(0);
    } catch (error) {
      logger.error({ err: { message: (error as Error).message } }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Closes the listener, drops idle keep-alive sockets, and gives busy ones `graceMs` to finish. */
function closeServer(server: ServerType, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
