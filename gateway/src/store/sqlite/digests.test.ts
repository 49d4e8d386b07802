import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteRecordStore } from './records.ts';

describe('SQLite digest log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-digests-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('remembers the last week sent per site across a reopen, and never moves back', async () => {
    const file = join(dir, 'candor.sqlite');
    const first = openSqliteRecordStore(file);
    await first.digests.markSent('demo', '2026-W47', new Date());
    await first.digests.markSent('demo', '2026-W40', new Date());
    await first.close();
    const again = openSqliteRecordStore(file);
    try {
      expect(await again.digests.lastSentWeek('demo')).toBe('2026-W47');
      expect(await again.digests.lastSentWeek('other')).toBeUndefined();
      await again.digests.markSent('demo', '2026-W48', new Date());
      expect(await again.digests.lastSentWeek('demo')).toBe('2026-W48');
    } finally {
      await again.close();
    }
  });
});
