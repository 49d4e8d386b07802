import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { sampleEvent } from '../store/events.fixtures.ts';
import { createMemoryEventStore } from '../store/memory/events.ts';
import { EventBuffer } from './buffer.ts';
import { IngestMetrics } from './metrics.ts';

function setup(options: { batchSize?: number; maxEvents?: number } = {}) {
  const store = createMemoryEventStore();
  const metrics = new IngestMetrics();
  const buffer = new EventBuffer({ store, logger: createLogger('silent'), metrics, flushMs: 20, ...options });
  return { store, metrics, buffer };
}

describe('the event buffer', () => {
  it('writes waiting events in one batch on flush', async () => {
    const { store, buffer, metrics } = setup();
    for (let i = 0; i < 5; i++) buffer.push(sampleEvent({ path: `/${i}` }));
    expect(store.rows).toHaveLength(0);
    await buffer.flush();
    expect(store.rows.map((e) => e.path)).toEqual(['/0', '/1', '/2', '/3', '/4']);
    expect(buffer.depth).toBe(0);
    expect(metrics.flushes).toBe(1);
  });

  it('flushDue writes what waits and says how many, but waits out the backoff after a failure', async () => {
    const { store, buffer } = setup();
    buffer.push(sampleEvent());
    buffer.push(sampleEvent());
    expect(await buffer.flushDue()).toBe(2);
    expect(await buffer.flushDue()).toBe(0);
    buffer.push(sampleEvent());
    store.failNext(1);
    expect(await buffer.flushDue()).toBe(0);
    // Backing off: the next due flush does not touch the store.
    expect(await buffer.flushDue()).toBe(0);
    expect(store.rows).toHaveLength(2);
    expect(buffer.depth).toBe(1);
    await buffer.flush();
    expect(store.rows).toHaveLength(3);
  });

  it('flushes at once when a batch is full', async () => {
    const { store, buffer } = setup({ batchSize: 3 });
    buffer.push(sampleEvent());
    buffer.push(sampleEvent());
    expect(store.rows).toHaveLength(0);
    buffer.push(sampleEvent());
    await buffer.flush();
    expect(store.rows).toHaveLength(3);
  });

  it('keeps a failed batch and writes it on a later flush, in order, without duplicates', async () => {
    const { store, buffer, metrics } = setup();
    buffer.push(sampleEvent({ path: '/a' }));
    buffer.push(sampleEvent({ path: '/b' }));
    store.failNext(2);
    await buffer.flush();
    await buffer.flush();
    expect(store.rows).toHaveLength(0);
    expect(buffer.depth).toBe(2);
    expect(metrics.flushFailures).toBe(2);
    buffer.push(sampleEvent({ path: '/c' }));
    await buffer.flush();
    expect(store.rows.map((e) => e.path)).toEqual(['/a', '/b', '/c']);
  });

  it('refuses events past its bound instead of growing, and accepts again once written', async () => {
    const { store, buffer } = setup({ maxEvents: 3, batchSize: 100 });
    store.failNext(1);
    expect([1, 2, 3, 4].map(() => buffer.push(sampleEvent()))).toEqual([true, true, true, false]);
    await buffer.flush(); // fails: still full
    expect(buffer.push(sampleEvent())).toBe(false);
    await buffer.flush();
    expect(store.rows).toHaveLength(3);
    expect(buffer.push(sampleEvent())).toBe(true);
  });

  it('counts dropped events per day, site and reason, and keeps the counts through a failure', async () => {
    const { store, buffer } = setup();
    buffer.countDropped('2026-11-20', 'demo', 'bot');
    buffer.countDropped('2026-11-20', 'demo', 'bot');
    buffer.countDropped('2026-11-20', 'demo', 'headless');
    buffer.push(sampleEvent());
    store.failNext(1);
    await buffer.flush();
    expect(store.dropped.size).toBe(0);
    buffer.countDropped('2026-11-20', 'demo', 'bot');
    await buffer.flush();
    expect(store.dropped.get('2026-11-20|demo|bot')?.count).toBe(3);
    expect(store.dropped.get('2026-11-20|demo|headless')?.count).toBe(1);
  });

  it('drain writes everything that is left (shutdown)', async () => {
    const { store, buffer } = setup();
    for (let i = 0; i < 10; i++) buffer.push(sampleEvent());
    store.failNext(1);
    await buffer.drain();
    expect(store.rows).toHaveLength(10);
    expect(buffer.depth).toBe(0);
  });
});
