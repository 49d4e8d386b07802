import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import type { RecordStore } from '../store/records.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { T0, write } from '../store/suppressions.fixtures.ts';
import { backoffMs, createOutboxDispatcher, DEFAULT_RETRY, type OutboxDispatcherOptions } from './dispatcher.ts';
import { type Plan, startReceiver } from './receiver.fixtures.ts';

const SECRET = 'whsec-test-secret';
const EMAIL = 'h1@example.com';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A receiver, a clock starting at T0, a captured logger and a store holding one message for `crm`. */
async function setup(plan?: Plan, store: RecordStore = createMemoryRecordStore(), delayMs = 0) {
  let nowMs = T0.getTime();
  const clock = () => new Date(nowMs);
  const receiver = await startReceiver(SECRET, clock, plan, delayMs);
  cleanups.push(receiver.close);
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  await store.suppressions.add([write('h1', 'newsletter', { targets: ['crm'], eventId: 'evt-1' })]);
  const dispatcher = (overrides: Partial<OutboxDispatcherOptions> = {}) => {
    const d = createOutboxDispatcher({
      outbox: store.outbox,
      targets: new Map([['crm', { url: receiver.url, secret: SECRET }]]),
      logger,
      now: clock,
      random: () => 0,
      retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 5 },
      ...overrides,
    });
    cleanups.push(() => d.stop());
    return d;
  };
  const message = async () => (await store.outbox.list({ limit: 1 }))[0];
  const advance = (ms: number) => {
    nowMs += ms;
  };
  return { store, receiver, lines, dispatcher, message, advance, clock };
}

describe('outbox dispatcher against a real HTTP receiver', () => {
  it('posts a signed JSON event, marks it delivered, drops the email and logs neither email nor body', async () => {
    const { receiver, lines, dispatcher, message } = await setup();
    expect(await dispatcher().runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    const [hit] = receiver.raw;
    expect(hit?.validSignature).toBe(true);
    expect(hit?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Candor-Webhooks/1',
      'candor-event-id': 'evt-1',
      'candor-event-type': 'unsubscribe.created',
    });
    expect(hit?.headers['candor-signature']).toMatch(new RegExp(`^t=${T0.getTime() / 1000},v1=[0-9a-f]{64}$`));
    expect(JSON.parse(hit?.body ?? '')).toEqual({
      id: 'evt-1',
      type: 'unsubscribe.created',
      created_at: T0.toISOString(),
      data: { email: EMAIL, list: 'newsletter', source: 'one-click' },
    });
    expect(await message()).toMatchObject({ status: 'delivered', email: null, attempts: 1 });
    expect(lines.join('\n')).toContain('"eventId":"evt-1"');
    expect(lines.join('\n')).not.toContain(EMAIL);
    expect(lines.join('\n')).not.toContain('"data"');
  });

  it('retries after 500s on the backoff schedule, not before, then delivers', async () => {
    const { receiver, dispatcher, message, advance, lines } = await setup((n) => (n <= 2 ? 500 : 200));
    const d = dispatcher();
    expect(await d.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    // random() = 0 gives the lowest jitter factor, 0.5: 1 s base → 500 ms, then 1 s.
    expect(await message()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect((await message())?.nextAttemptAt).toEqual(new Date(T0.getTime() + 500));
    advance(499);
    expect(await d.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(receiver.raw).toHaveLength(1);
    advance(1);
    expect(await d.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect((await message())?.nextAttemptAt).toEqual(new Date(T0.getTime() + 1_500));
    advance(1_000);
    expect(await d.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(receiver.raw).toHaveLength(3);
    expect(receiver.events.size).toBe(1);
    expect(await message()).toMatchObject({ status: 'delivered', attempts: 3, email: null });
    expect(lines.join('\n')).not.toContain(EMAIL);
  });

  it('counts a receiver that never answers as a failed attempt after the timeout', async () => {
    const { dispatcher, message } = await setup(() => 'hang');
    const started = performance.now();
    expect(await dispatcher({ timeoutMs: 200 }).runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await message()).toMatchObject({ status: 'pending', lastError: 'timeout after 200 ms' });
  });

  it('gives up as dead after maxAttempts, keeps the email for a retry, and delivers once retried', async () => {
    let healthy = false;
    const { store, dispatcher, message, advance, receiver, clock } = await setup(() => (healthy ? 200 : 500));
    const d = dispatcher({ retry: { baseMs: 1_000, maxMs: 4_000, maxAttempts: 3 } });
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await d.runOnce());
      advance(4_000);
    }
    expect(results.map((r) => r.dead)).toEqual([0, 0, 1, 0]);
    expect(receiver.raw).toHaveLength(3);
    expect(await message()).toMatchObject({ status: 'dead', attempts: 3, email: EMAIL, lastError: 'HTTP 500' });
    const id = (await message())?.id ?? -1;
    expect(await store.outbox.retry(id, clock())).toBe(true);
    healthy = true;
    expect(await d.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(await message()).toMatchObject({ status: 'delivered', email: null });
  });

  it('delivers after a restart mid-retry, once per event after dedupe', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candor-dispatcher-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'candor.sqlite');
    // The first request is processed but answered 500, as if the receiver crashed before its 2xx.
    const before = openSqliteRecordStore(file);
    const { receiver, dispatcher, advance } = await setup((n) => (n === 1 ? 500 : 200), before);
    const first = dispatcher();
    expect(await first.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    await first.stop();
    await before.close();

    const after = openSqliteRecordStore(file);
    cleanups.push(() => after.close());
    advance(1_000);
    const second = createOutboxDispatcher({
      outbox: after.outbox,
      targets: new Map([['crm', { url: receiver.url, secret: SECRET }]]),
      logger: createLogger('silent'),
      now: () => new Date(T0.getTime() + 1_000),
    });
    expect(await second.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(receiver.raw).toHaveLength(2);
    expect(receiver.raw.every((r) => r.validSignature)).toBe(true);
    expect([...receiver.events.keys()]).toEqual(['evt-1']);
    await after.close();
    const db = new Database(file);
    expect(db.prepare('SELECT status, attempts, email FROM outbox').all()).toEqual([
      { status: 'delivered', attempts: 2, email: null },
    ]);
    db.close();
  });

  it('records an attempt for a target no longer configured, or unreachable, without throwing', async () => {
    const { store, dispatcher, receiver } = await setup();
    await store.suppressions.add([write('h2', 'newsletter', { targets: ['gone', 'down'] })]);
    const d = dispatcher({
      targets: new Map([
        ['crm', { url: receiver.url, secret: SECRET }],
        ['down', { url: 'http://127.0.0.1:9/hooks', secret: SECRET }],
      ]),
    });
    expect(await d.runOnce()).toEqual({ delivered: 1, failed: 2, dead: 0 });
    const errors = (await store.outbox.list({ status: 'pending', limit: 10 })).map((m) => [m.target, m.lastError]);
    expect(errors).toEqual([
      ['down', expect.stringMatching(/^network error/)],
      ['gone', 'webhook target "gone" is not configured'],
    ]);
  });

  it('never overlaps runs: calls during a run share one follow-up run', async () => {
    const { receiver, dispatcher, message } = await setup(undefined, undefined, 150);
    const d = dispatcher();
    const a = d.runOnce();
    const b = d.runOnce();
    const c = d.runOnce();
    expect(b).toBe(c);
    expect(await a).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(await b).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(receiver.raw).toHaveLength(1);
    expect(receiver.maxInFlight()).toBe(1);
    expect((await message())?.status).toBe('delivered');
  });

  it('wake delivers at once, and stop waits for the run in flight', async () => {
    const { receiver, dispatcher, message } = await setup(undefined, undefined, 100);
    const d = dispatcher();
    d.wake();
    await d.stop();
    expect(receiver.raw).toHaveLength(1);
    expect((await message())?.status).toBe('delivered');
  });
});

describe('backoffMs', () => {
  it.each([
    { attempts: 1, random: 0, expected: 15_000 },
    { attempts: 1, random: 1, expected: 30_000 },
    { attempts: 3, random: 1, expected: 120_000 },
    { attempts: 9, random: 1, expected: 7_680_000 },
    { attempts: 11, random: 1, expected: 6 * 3_600_000 },
    { attempts: 20, random: 0, expected: 3 * 3_600_000 },
  ])('after $attempts failed attempt(s) with random $random waits $expected ms', ({ attempts, random, expected }) => {
    expect(backoffMs(attempts, DEFAULT_RETRY, () => random)).toBe(expected);
  });
});
