import type { AnalyticsEvent, EventStore } from '../events.ts';

export interface MemoryEventStore extends EventStore {
  /** Everything inserted so far, for assertions. */
  readonly rows: readonly AnalyticsEvent[];
}

/** In-memory EventStore for route tests. */
export function createMemoryEventStore(): MemoryEventStore {
  const rows: AnalyticsEvent[] = [];
  let closed = false;
  const open = () => {
    if (closed) throw new Error('EventStore is closed');
  };
  return {
    rows,
    async insert(events) {
      open();
      rows.push(...events.map((e) => ({ ...e, props: { ...e.props } })));
    },
    async count() {
      open();
      return rows.length;
    },
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}
