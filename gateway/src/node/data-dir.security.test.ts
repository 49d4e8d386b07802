import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbEventStore } from '../store/duckdb/events.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { makeDataDirPrivate } from './data-dir.ts';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('the data dir is private to the gateway user', () => {
  let dir: string;
  let umask: number;
  beforeEach(async () => {
    umask = process.umask(0o022); // a typical default: files 0644
    dir = await mkdtemp(join(tmpdir(), 'candor-modes-'));
  });
  afterEach(async () => {
    process.umask(umask);
    await rm(dir, { recursive: true, force: true });
  });

  it('creates both stores and their journals 0600 in a data dir that already exists', async () => {
    await chmod(dir, 0o755);
    await makeDataDirPrivate(dir);
    const records = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    const events = await openDuckDbEventStore(join(dir, 'events.duckdb'));
    await records.ping();
    try {
      expect(await modeOf(dir)).toBe(0o700);
      for (const file of ['candor.sqlite', 'candor.sqlite-wal', 'candor.sqlite-shm', 'events.duckdb']) {
        expect(await modeOf(join(dir, file)), file).toBe(0o600);
      }
    } finally {
      await records.close();
      await events.close();
    }
  });

  it('fixes the mode of files an older start left readable by others', async () => {
    await writeFile(join(dir, 'candor.sqlite'), '', { mode: 0o644 });
    await writeFile(join(dir, 'events.duckdb.wal'), '', { mode: 0o664 });
    await mkdir(join(dir, 'mail'), { mode: 0o755 });
    await makeDataDirPrivate(dir);
    expect(await modeOf(join(dir, 'candor.sqlite'))).toBe(0o600);
    expect(await modeOf(join(dir, 'events.duckdb.wal'))).toBe(0o600);
    expect(await modeOf(join(dir, 'mail'))).toBe(0o700);
  });
});
