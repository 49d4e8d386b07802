// Builders for the stats route tests: a fresh Hono app with only these routes, over the real
// DuckDB adapter filled with fixtures.ts, or over a fake store that records what it was asked.
import { parseConfig } from '@candor/config';
import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { expect } from 'vitest';
import demo from '../../../candor.config.ts';
import type { AppEnv } from '../context.ts';
import { handleError } from '../errors.ts';
import { createLogger } from '../log/logger.ts';
import { openDuckDbEventStore } from '../store/duckdb/events.ts';
import { createDuckDbStats } from '../store/duckdb/reports.ts';
import { fixtureDropped, fixtureEvents } from './fixtures.ts';
import type { StatsStore } from './port.ts';
import { registerStatsRoutes } from './routes.ts';
import { crc32 } from './zip.ts';

export const config = parseConfig(demo, 'candor.config.ts');
/** Saturday 2026-11-21, 13:00 UTC (14:00 in Berlin). */
export const NOW = Date.parse('2026-11-21T13:00:00Z');

const letEveryoneIn: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};

export function statsApp(stats: StatsStore, options: { now?: number; auth?: MiddlewareHandler<AppEnv> } = {}) {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.onError(handleError(logger));
  registerStatsRoutes(app, { stats, config, now: () => options.now ?? NOW, auth: options.auth ?? letEveryoneIn });
  return { app, logs: () => lines.join('') };
}

/** The DuckDB stats store over the fixture events (in memory). */
export async function fixtureStats(events = fixtureEvents) {
  const store = await openDuckDbEventStore(':memory:');
  await store.insert(events);
  await store.addDropped(fixtureDropped);
  const stats = await createDuckDbStats(store);
  return {
    store,
    stats,
    async close() {
      await stats.close();
      await store.close();
    },
  };
}

/** A StatsStore that answers zeros (or throws `fail`) and records every call. */
export function recordingStats(fail?: Error) {
  const calls: string[] = [];
  const zero = { visitors: 0, visits: 0, pageviews: 0, bounces: 0, engagedMs: 0, events: 0, conversions: 0 };
  const answer = <T>(name: string, value: T) => {
    calls.push(name);
    return fail ? Promise.reject(fail) : Promise.resolve(value);
  };
  const stats: StatsStore = {
    summary: () => answer('summary', zero),
    timeseries: () => answer('timeseries', []),
    breakdown: () => answer('breakdown', []),
    realtime: () => answer('realtime', 0),
    botCounts: () => answer('botCounts', { total: 0, reasons: {} }),
    close: async () => undefined,
  };
  return { stats, calls };
}

/** Reads a zip through its central directory, as unzip does, checking every CRC. */
export async function unzip(bytes: Uint8Array<ArrayBuffer>): Promise<Record<string, string>> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(v.getUint32(end, true)).toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    const method = v.getUint16(at + 10, true);
    const crc = v.getUint32(at + 16, true);
    const compressed = v.getUint32(at + 20, true);
    const size = v.getUint32(at + 24, true);
    const nameLength = v.getUint16(at + 28, true);
    const local = v.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(v.getUint32(local, true)).toBe(0x04034b50);
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + compressed);
    const data =
      method === 0
        ? raw
        : new Uint8Array(
            await new Response(
              new Blob([raw]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
            ).arrayBuffer(),
          );
    expect([data.length, crc32(data)]).toEqual([size, crc]);
    files[name] = new TextDecoder().decode(data);
    at += 46 + nameLength + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return files;
}
