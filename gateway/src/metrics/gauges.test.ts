import { describe, expect, it } from 'vitest';
import { runtimeFamilies } from './gauges.ts';
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
});
