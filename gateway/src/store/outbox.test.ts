// One contract for both RecordStore adapters' outbox, so the memory twin stays in step.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRecordStore } from './memory/records.ts';
import { OUTBOX_ERROR_MAX, type RecordStore } from './records.ts';
import { openSqliteRecordStore } from './sqlite/records.ts';
import { at, write } from './suppressions.fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sqliteStore(): Promise<RecordStore> {
  const dir = await mkdtemp(join(tmpdir(), 'candor-outbox-'));
  const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

/** Two messages (targets crm and erp) for h1 at minute 0, one (crm) for h2 at minute 10. */
async function seeded(open: () => Promise<RecordStore>) {
  const store = await open();
  await store.suppressions.add([
    write('h1', 'newsletter', { targets: ['crm', 'erp'] }),
    write('h2', 'newsletter', { minute: 10, targets: ['crm'] }),
  ]);
  const [first, second, third] = (await store.outbox.list({ limit: 10 })).reverse();
  if (!first || !second || !third) throw new Error('seed wrote fewer than three messages');
  return { outbox: store.outbox, first, second, third };
}

describe.each([
  ['memory', async () => createMemoryRecordStore()],
  ['sqlite', sqliteStore],
])('%s outbox', (_name, open) => {
  it('holds a new message pending, due at the change time, with the plaintext email', async () => {
    const { first } = await seeded(open);
    expect(first).toMatchObject({
      eventId: 'evt-h1-newsletter-0',
      type: 'unsubscribe.created',
      target: 'crm',
      email: 'h1@example.com',
      list: 'newsletter',
      source: 'one-click',
      occurredAt: at(0),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at(0),
      lastError: null,
      deliveredAt: null,
      createdAt: at(0),
    });
  });

  it('answers due messages oldest first, only once their time has come, up to the limit', async () => {
    const { outbox, first, second, third } = await seeded(open);
    expect((await outbox.due(at(5), 10)).map((m) => m.id)).toEqual([first.id, second.id]);
    expect((await outbox.due(at(10), 10)).map((m) => m.id)).toEqual([first.id, second.id, third.id]);
    expect((await outbox.due(at(10), 1)).map((m) => m.id)).toEqual([first.id]);
  });

  it('delivered sets the status and time and removes the email', async () => {
    const { outbox, first } = await seeded(open);
    await outbox.delivered(first.id, at(1));
    const [row] = await outbox.list({ status: 'delivered', limit: 10 });
    expect(row).toMatchObject({ id: first.id, status: 'delivered', email: null, deliveredAt: at(1), attempts: 1 });
    expect((await outbox.due(at(60), 10)).map((m) => m.id)).not.toContain(first.id);
  });

  it('failed keeps a pending message for its retry time, then gives up as dead', async () => {
    const { outbox, first } = await seeded(open);
    await outbox.failed(first.id, { error: 'HTTP 500', at: at(1), retryAt: at(2) });
    expect((await outbox.due(at(1), 10)).map((m) => m.id)).not.toContain(first.id);
    const [retried] = (await outbox.due(at(2), 10)).filter((m) => m.id === first.id);
    expect(retried).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: at(2) });
    await outbox.failed(first.id, { error: 'x'.repeat(5000), at: at(3), retryAt: null });
    const [dead] = await outbox.list({ status: 'dead', limit: 10 });
    expect(dead).toMatchObject({ id: first.id, status: 'dead', attempts: 2, email: 'h1@example.com' });
    expect(dead?.lastError?.length).toBe(OUTBOX_ERROR_MAX);
    expect((await outbox.due(at(1000), 10)).map((m) => m.id)).not.toContain(first.id);
  });

  it('retry revives a dead message, due now with a fresh attempt count; not a delivered or unknown one', async () => {
    const { outbox, first, second } = await seeded(open);
    await outbox.failed(first.id, { error: 'HTTP 410', at: at(1), retryAt: null });
    await outbox.delivered(second.id, at(1));
    expect(await outbox.retry(first.id, at(50))).toBe(true);
    expect(await outbox.retry(second.id, at(50))).toBe(false);
    expect(await outbox.retry(999_999, at(50))).toBe(false);
    const [revived] = (await outbox.due(at(50), 10)).filter((m) => m.id === first.id);
    expect(revived).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at(50), lastError: 'HTTP 410' });
  });

  it('ignores delivered and failed reports for a message that is not pending', async () => {
    const { outbox, first } = await seeded(open);
    await outbox.failed(first.id, { error: 'HTTP 500', at: at(1), retryAt: null });
    await outbox.delivered(first.id, at(2));
    await outbox.failed(first.id, { error: 'late', at: at(3), retryAt: at(4) });
    const [row] = await outbox.list({ status: 'dead', limit: 1 });
    expect(row).toMatchObject({ id: first.id, status: 'dead', attempts: 1, lastError: 'HTTP 500' });
  });

  it('lists newest first by status with an id cursor, and counts by status', async () => {
    const { outbox, first, second, third } = await seeded(open);
    expect((await outbox.list({ limit: 2 })).map((m) => m.id)).toEqual([third.id, second.id]);
    expect((await outbox.list({ limit: 2, before: second.id })).map((m) => m.id)).toEqual([first.id]);
    await outbox.failed(second.id, { error: 'HTTP 500', at: at(1), retryAt: null });
    expect((await outbox.list({ status: 'pending', limit: 10 })).map((m) => m.id)).toEqual([third.id, first.id]);
    expect(await outbox.counts()).toEqual({ pending: 2, delivered: 0, dead: 1 });
  });

  it('purges delivered messages older than the cut-off and keeps dead letters', async () => {
    const { outbox, first, second, third } = await seeded(open);
    await outbox.delivered(first.id, at(1));
    await outbox.delivered(third.id, at(100));
    await outbox.failed(second.id, { error: 'HTTP 500', at: at(1), retryAt: null });
    expect(await outbox.purgeDelivered(at(50))).toBe(1);
    expect(await outbox.purgeDelivered(at(50))).toBe(0);
    expect((await outbox.list({ limit: 10 })).map((m) => [m.id, m.status])).toEqual([
      [third.id, 'delivered'],
      [second.id, 'dead'],
    ]);
  });
});
