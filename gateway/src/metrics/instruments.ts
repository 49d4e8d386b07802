import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import type { EventStore } from '../store/events.ts';
import type { RecordStore } from '../store/records.ts';
import type { GatewayMetrics } from './gauges.ts';
import { Histogram } from './text.ts';

export function createGatewayMetrics(): GatewayMetrics {
  return { http: new Histogram(), flush: new Histogram(), consentRecords: 0 };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records one request; the route is a pattern (`/admin/requests/:id`), never a concrete path. */
export function observeRequest(metrics: GatewayMetrics, method: string, route: string, status: number, ms: number) {
  const m = METHODS.has(method) ? method : 'OTHER';
  const statusClass = `${Math.floor(status / 100)}xx`;
  metrics.http.observe(ms / 1000, `${m} ${route} ${statusClass}`, { method: m, route, status: statusClass });
}

/**
 * Times every request through the framework, the same way the access log does, and labels it by
 * the matched route pattern only.
 *
 * @example
 * app.use(timeRequests(metrics))
 */
export function timeRequests(metrics: GatewayMetrics): MiddlewareHandler<AppEnv> {
  return async function timeRequestsMiddleware(c, next) {
    const start = performance.now();
    await next();
    observeRequest(metrics, c.req.method, c.req.routePath, c.res.status, performance.now() - start);
  };
}

/** The EventStore with each batch insert timed: one observation per buffer flush, off the hot path. */
export function timeInserts<S extends EventStore>(store: S, metrics: GatewayMetrics): S {
  const insert = async (events: Parameters<EventStore['insert']>[0]) => {
    const start = performance.now();
    await store.insert(events);
    metrics.flush.observe((performance.now() - start) / 1000);
  };
  return override(store, 'insert', insert);
}

/** The RecordStore with consent appends counted (consent records stored since start). */
export function countConsent(records: RecordStore, metrics: GatewayMetrics): RecordStore {
  const append = async (record: Parameters<RecordStore['consent']['append']>[0]) => {
    const stored = await records.consent.append(record);
    metrics.consentRecords++;
    return stored;
  };
  return override(records, 'consent', override(records.consent, 'append', append));
}

/** `target` with one member replaced; the rest stay bound to `target` (so private fields still work). */
function override<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === key) return value;
      const member: unknown = Reflect.get(t, prop, t);
      return typeof member === 'function' ? member.bind(t) : member;
    },
  });
}
