import type { AnalyticsEvent, DroppedCount, EventStore } from '../events.ts';
import { dropWhere } from './drop.ts';

export interface MemoryEventStore extends EventStore {
  /** Everything inserted so far, for assertions. */
  readonly rows: readonly AnalyticsEvent[];
  readonly dropped: ReadonlyMap<string, DroppedCount>;
  /** Makes the next `n` inserts fail, to test retries. */
  failNext(n: number): void;
}

/** In-memory EventStore for route tests. */
export function createMemoryEventStore(): MemoryEventStore {
  const rows: AnalyticsEvent[] = [];
  const dropped = new Map<string, DroppedCount>();
  let failures = 0;
  let closed = false;
  const open = () => {
    if (closed) throw new Error('EventStore is closed');
  };
  return {
    rows,
    dropped,
    failNext(n) {
      failures = n;
    },
    async insert(events) {
      open();
      if (failures > 0) {
        failures--;
        throw new Error('simulated EventStore failure');
      }
      rows.push(...events.map((e) => ({ ...e, props: { ...e.props } })));
    },
    async count() {
      open();
      return rows.length;
    },
    async addDropped(counts) {
      open();
      for (const c of counts) {
        const key = `${c.day}|${c.site}|${c.reason}`;
        const row = dropped.get(key);
        dropped.set(key, { ...c, count: (row?.count ?? 0) + c.count });
      }
    },
    async deleteBefore(before) {
      open();
      // No visits table here: events go by their own time.
      const events = dropWhere(rows, (e) => e.time < before);
      const cutDay = before.toISOString().slice(0, 10);
      let droppedCounts = 0;
      for (const [key, c] of dropped) {
        if (c.day < cutDay) {
          dropped.delete(key);
          droppedCounts++;
        }
      }
      return { events, visits: 0, visitPages: 0, droppedCounts };
    },
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}
