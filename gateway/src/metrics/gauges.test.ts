import { describe, expect, it } from 'vitest';
import { runtimeFamilies, storeMemoryFamily } from './gauges.ts';
import { render } from './text.ts';

describe('runtime gauges', () => {
  it('adds the heap gauges only when the runtime reports them', () => {
    const base = { residentMemoryBytes: 300, eventLoopLagSeconds: 0.001, eventLoopLagP99Seconds: 0.02 };
    expect(runtimeFamilies(base).map((f) => f.name)).toEqual([
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
    ]);
    const text = render(runtimeFamilies({ ...base, heapUsedBytes: 60, heapTotalBytes: 100, externalBytes: 14 }));
    expect(text).toContain('\nnodejs_heap_size_used_bytes 60\n');
    expect(text).toContain('\nnodejs_heap_size_total_bytes 100\n');
    expect(text).toContain('\nnodejs_external_memory_bytes 14\n');
  });

  it("labels the event store's memory by DuckDB's tag", () => {
    const text = render([
      storeMemoryFamily([
        { tag: 'BASE_TABLE', bytes: 1024 },
        { tag: 'IN_MEMORY_TABLE', bytes: 2048 },
      ]),
    ]);
    expect(text).toContain('# TYPE candor_event_store_memory_bytes gauge\n');
    expect(text).toContain('\ncandor_event_store_memory_bytes{tag="BASE_TABLE"} 1024\n');
    expect(text).toContain('\ncandor_event_store_memory_bytes{tag="IN_MEMORY_TABLE"} 2048\n');
  });
});
