import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';
import type { EventStore } from '../store/events.ts';
import type { RecordStore } from '../store/records.ts';

const CHECK_TIMEOUT_MS = 2000;

/** `/healthz`: the process answers. `/readyz`: both stores are open and accept writers. */
export function registerHealthRoutes(app: Hono<AppEnv>, stores: { records: RecordStore; events: EventStore }) {
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }));

  app.get('/readyz', async (c) => {
    const [records, events] = await Promise.all([check(stores.records), check(stores.events)]);
    const checks = { records, events };
    if (records === 'ok' && events === 'ok') {
      return c.json({ status: 'ready', checks }, 200, { 'cache-control': 'no-store' });
    }
    const failing = Object.entries(checks)
      .filter(([, v]) => v !== 'ok')
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ');
    return problem(c, 'unavailable', `Not ready: ${failing}`, { 'retry-after': '5' });
  });
}

async function check(store: { ping(): Promise<void> }): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([store.ping().then(() => 'ok'), timeout]);
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}
