// One contract for both RecordStore adapters' suppressions, so the memory twin stays in step.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRecordStore } from './memory/records.ts';
import type { RecordStore } from './records.ts';
import { ALL_LISTS } from './records.ts';
import { openSqliteRecordStore } from './sqlite/records.ts';
import { at, write } from './suppressions.fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sqliteStore(): Promise<RecordStore> {
  const dir = await mkdtemp(join(tmpdir(), 'candor-suppressions-'));
  const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

describe.each([
  ['memory', async () => createMemoryRecordStore()],
  ['sqlite', sqliteStore],
])('%s suppressions', (_name, open) => {
  it('add is idempotent: a second add keeps the first row and writes no change or outbox row', async () => {
    const { suppressions, outbox } = await open();
    expect(await suppressions.add([write('h1', 'newsletter', { targets: ['crm'] })])).toEqual([true]);
    const again = write('h1', 'newsletter', { minute: 5, source: 'page', linkList: 'other', targets: ['crm'] });
    expect(await suppressions.add([again, again])).toEqual([false, false]);
    expect(await suppressions.ofHashes(['h1'])).toEqual([
      { emailHash: 'h1', list: 'newsletter', source: 'one-click', linkList: 'newsletter', createdAt: at(0) },
    ]);
    expect(await suppressions.changes({ since: 0, limit: 10 })).toHaveLength(1);
    expect(await outbox.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });
  });

  it.each(['api', 'admin', 'privacy-request'] as const)(
    'an add by %s takes over a row a link made, so no link can lift it, and writes no change or outbox row',
    async (source) => {
      const { suppressions, outbox } = await open();
      await suppressions.add([write('h1', ALL_LISTS, { source: 'page', linkList: 'newsletter', targets: ['crm'] })]);
      expect(await suppressions.add([write('h1', ALL_LISTS, { minute: 5, source, targets: ['crm'] })])).toEqual([
        false,
      ]);
      expect(await suppressions.ofHashes(['h1'])).toEqual([
        { emailHash: 'h1', list: ALL_LISTS, source, linkList: null, createdAt: at(0) },
      ]);
      // A link's add afterwards leaves the other source in place.
      await suppressions.add([write('h1', ALL_LISTS, { minute: 6, source: 'one-click', linkList: 'newsletter' })]);
      expect((await suppressions.ofHashes(['h1']))[0]?.source).toBe(source);
      expect(await suppressions.changes({ since: 0, limit: 10 })).toHaveLength(1);
      expect(await outbox.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });
    },
  );

  it('records the list of the link behind a link row, and none for other sources', async () => {
    const { suppressions } = await open();
    await suppressions.add([
      write('h1', ALL_LISTS, { source: 'page', linkList: 'product-updates' }),
      write('h1', 'newsletter', { source: 'api', linkList: 'newsletter' }),
    ]);
    const rows = await suppressions.ofHashes(['h1']);
    expect(rows.map((r) => [r.list, r.source, r.linkList]).sort()).toEqual([
      [ALL_LISTS, 'page', 'product-updates'],
      ['newsletter', 'api', null],
    ]);
  });

  it('adds the same pair twice in one batch once', async () => {
    const { suppressions } = await open();
    const item = write('h1', ALL_LISTS);
    expect(await suppressions.add([item, item, write('h2', ALL_LISTS)])).toEqual([true, false, true]);
    expect(await suppressions.count()).toBe(2);
  });

  it('remove deletes an existing row with a change and outbox rows, and ignores a missing one', async () => {
    const { suppressions, outbox } = await open();
    await suppressions.add([write('h1', 'newsletter'), write('h1', ALL_LISTS)]);
    const removed = await suppressions.remove([
      write('h1', 'newsletter', { minute: 1, source: 'admin', targets: ['crm'], eventId: 'evt-undo' }),
      write('h9', 'newsletter', { minute: 1, targets: ['crm'], eventId: 'evt-missing' }),
    ]);
    expect(removed).toEqual([true, false]);
    expect((await suppressions.ofHashes(['h1'])).map((s) => s.list)).toEqual([ALL_LISTS]);
    const feed = await suppressions.changes({ since: 0, limit: 10 });
    expect(feed.map((c) => [c.emailHash, c.list, c.change, c.source])).toEqual([
      ['h1', 'newsletter', 'added', 'one-click'],
      ['h1', ALL_LISTS, 'added', 'one-click'],
      ['h1', 'newsletter', 'removed', 'admin'],
    ]);
    expect((await outbox.list({ limit: 10 })).map((m) => m.eventId)).toEqual(['evt-undo']);
  });

  it('pages the change feed oldest first by cursor, capped at 1000 a page', async () => {
    const { suppressions } = await open();
    await suppressions.add(Array.from({ length: 1005 }, (_, i) => write(`h${i}`, 'newsletter', { minute: i })));
    await suppressions.remove([write('h0', 'newsletter', { minute: 2000 })]);
    const first = await suppressions.changes({ since: 0, limit: 2 });
    expect(first.map((c) => c.emailHash)).toEqual(['h0', 'h1']);
    const second = await suppressions.changes({ since: first[1]?.cursor ?? -1, limit: 2 });
    expect(second.map((c) => c.emailHash)).toEqual(['h2', 'h3']);
    expect(second[0]?.at).toEqual(at(2));
    const all = await suppressions.changes({ since: 0, limit: 5000 });
    expect(all).toHaveLength(1000);
    const rest = await suppressions.changes({ since: all[999]?.cursor ?? -1, limit: 1000 });
    expect(rest.map((c) => `${c.emailHash} ${c.change}`).slice(-2)).toEqual(['h1004 added', 'h0 removed']);
    expect(rest).toHaveLength(6);
  });

  it('writes nothing when one outbox row of the batch is a duplicate (event id, target)', async () => {
    const { suppressions, outbox } = await open();
    await suppressions.add([write('h1', 'newsletter', { targets: ['crm'], eventId: 'evt-1' })]);
    const batch = [
      write('h2', 'newsletter', { targets: ['crm'], eventId: 'evt-2' }),
      write('h3', 'newsletter', { targets: ['crm'], eventId: 'evt-1' }),
    ];
    await expect(suppressions.add(batch)).rejects.toThrow(/UNIQUE/);
    expect(await suppressions.ofHashes(['h2', 'h3'])).toEqual([]);
    expect(await suppressions.changes({ since: 0, limit: 10 })).toHaveLength(1);
    expect(await outbox.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });
  });

  it('finds suppressions by hash only for the hashes asked', async () => {
    const { suppressions } = await open();
    expect(await suppressions.ofHashes([])).toEqual([]);
    await suppressions.add([write('h1', 'newsletter'), write('h1', 'product-updates'), write('h2', ALL_LISTS)]);
    const found = await suppressions.ofHashes(['h1', 'nope']);
    expect(found.map((s) => s.list).sort()).toEqual(['newsletter', 'product-updates']);
  });

  it('lists newest first with an offset, and counts', async () => {
    const { suppressions } = await open();
    await suppressions.add([write('old', 'a', { minute: 1 }), write('new', 'a', { minute: 3 })]);
    await suppressions.add([write('mid', 'a', { minute: 2 })]);
    expect((await suppressions.list({ limit: 10 })).map((s) => s.emailHash)).toEqual(['new', 'mid', 'old']);
    expect((await suppressions.list({ limit: 1, offset: 1 })).map((s) => s.emailHash)).toEqual(['mid']);
    expect(await suppressions.count()).toBe(3);
  });
});
