import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';

/** What readiness needs of a store: a read-only check (`RecordStore.ping`, `EventStore.ping`). */
export interface Pingable {
  ping(): Promise<void>;
}

export interface HealthDeps {
  records: Pingable;
  events: Pingable;
}

export interface ReadinessOptions {
  now?: () => number;
  /** How long one answer is reused: a flood of `/readyz` costs each store one read a second. */
  cacheMs?: number;
  /** A store that has not answered by then is reported `timed out`. */
  timeoutMs?: number;
}

export const READY_CACHE_MS = 1000;
const CHECK_TIMEOUT_MS = 2000;

export type Checks = { records: string; events: string };

/**
 * The stores' readiness: each store's read-only ping, with a timeout, the answer shared by every
 * caller for `cacheMs`. A ping still running is not started again, so a hung store is not piled on.
 */
export function createReadiness(stores: HealthDeps, options: ReadinessOptions = {}): () => Promise<Checks> {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? READY_CACHE_MS;
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const records = probe(stores.records, timeoutMs);
  const events = probe(stores.events, timeoutMs);
  let last: { at: number; checks: Promise<Checks> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at >= cacheMs || at < last.at) {
      last = { at, checks: Promise.all([records(), events()]).then(([r, e]) => ({ records: r, events: e })) };
    }
    return last.checks;
  };
}

/**
 * `/healthz`: the process answers. `/readyz`: both stores are open and answer a read. Neither
 * writes, so an unauthenticated flood cannot queue behind the event inserts.
 */
export function registerHealthRoutes(app: Hono<AppEnv>, stores: HealthDeps, options: ReadinessOptions = {}) {
  const readiness = createReadiness(stores, options);
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }));

  app.get('/readyz', async (c) => {
    const checks = await readiness();
    if (checks.records === 'ok' && checks.events === 'ok') {
      return c.json({ status: 'ready', checks }, 200, { 'cache-control': 'no-store' });
    }
    const failing = Object.entries(checks)
      .filter(([, v]) => v !== 'ok')
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ');
    return problem(c, 'unavailable', `Not ready: ${failing}`, { 'retry-after': '5' });
  });
}

/** One store's check: `ok`, `unavailable` (the ping failed) or `timed out`. */
function probe(store: Pingable, timeoutMs: number): () => Promise<string> {
  let running: Promise<void> | undefined;
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (!running) {
        running = store.ping().finally(() => {
          running = undefined;
        });
      }
      const ping = running;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('timed out'), timeoutMs);
      });
      return await Promise.race([ping.then(() => 'ok'), timeout]);
    } catch {
      return 'unavailable';
    } finally {
      clearTimeout(timer);
    }
  };
}
