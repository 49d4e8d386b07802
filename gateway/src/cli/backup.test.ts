import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbEventStore } from '../store/duckdb/events.ts';
import type { AnalyticsEvent } from '../store/events.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import type { Manifest } from './backup.ts';
import { runCli } from './run.ts';

const event = (i: number): AnalyticsEvent => ({
  time: new Date(Date.UTC(2026, 10, 20, 9, 0, i)),
  site: 'demo',
  name: 'pageview',
  path: `/page-${i}`,
  source: '',
  referrerHost: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  utmTerm: '',
  utmContent: '',
  country: '',
  browser: 'Firefox',
  browserVersion: '133',
  os: 'Linux',
  device: 'desktop',
  sessionId: `s-${i}`,
  firstOfDay: true,
  engagedMs: 0,
  props: {},
});

describe('pnpm candor backup and restore (gateway stopped)', () => {
  let root: string;
  let data: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'candor-backup-'));
    data = join(root, 'data');
    await mkdir(data);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const run = async (argv: string[], dataDir = data) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      env: { CANDOR_DATA_DIR: dataDir },
      readStdin: async () => '',
      out: (l) => void out.push(l),
      err: (l) => void err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  async function seed(dir: string, consents: number, events: number) {
    const records = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    for (let i = 0; i < consents; i++) {
      await records.consent.append({
        consentId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        action: 'accept_all',
        granted: ['necessary'],
        denied: [],
        revision: '1',
        configHash: 'f'.repeat(64),
        locale: 'en',
        gpc: false,
        path: '/',
      });
    }
    await records.close();
    const store = await openDuckDbEventStore(join(dir, 'events.duckdb'));
    await store.insert(Array.from({ length: events }, (_, i) => event(i)));
    await store.close();
  }

  const manifestOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;

  it('backs up both stores with a manifest of their row counts, and never the secret', async () => {
    await seed(data, 3, 5);
    await writeFile(join(data, 'secret'), 'a-development-secret-that-must-stay-home');
    const result = await run(['backup', join(root, 'b')]);
    expect(result.code, result.err).toBe(0);
    expect((await readdir(join(root, 'b'))).sort()).toEqual(['candor.sqlite', 'events.duckdb', 'manifest.json']);
    const manifest = await manifestOf(join(root, 'b'));
    expect(manifest).toMatchObject({ format: 'candor-backup/1', online: false, candorVersion: expect.any(String) });
    expect(manifest.records.tables.consent_records).toBe(3);
    expect(manifest.events?.tables.events).toBe(5);
    expect(manifest.records.schemaVersion).toBeGreaterThan(0);
    expect(result.out).toMatch(/CANDOR_SECRET/);
  });

  it('restores into an empty data dir with the counts of the manifest', async () => {
    await seed(data, 2, 4);
    expect((await run(['backup', join(root, 'b')])).code).toBe(0);
    const fresh = join(root, 'fresh');
    const result = await run(['restore', join(root, 'b')], fresh);
    expect(result.code, result.err).toBe(0);
    const records = openSqliteRecordStore(join(fresh, 'candor.sqlite'));
    expect(await records.consent.history('00000000-0000-4000-8000-000000000001')).toHaveLength(1);
    await records.close();
    const store = await openDuckDbEventStore(join(fresh, 'events.duckdb'));
    expect(await store.count()).toBe(4);
    await store.close();
  });

  it('keeps the files it replaces as *.before-restore, and will not overwrite those', async () => {
    await seed(data, 1, 1);
    expect((await run(['backup', join(root, 'b')])).code).toBe(0);
    expect((await run(['restore', join(root, 'b')])).code).toBe(0);
    const files = await readdir(data);
    expect(files).toEqual(expect.arrayContaining(['candor.sqlite.before-restore', 'events.duckdb.before-restore']));
    const again = await run(['restore', join(root, 'b')]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/before-restore exists/);
  });

  it('refuses to back up into a directory that is not empty', async () => {
    await seed(data, 1, 1);
    await mkdir(join(root, 'b'));
    await writeFile(join(root, 'b', 'other'), 'x');
    const result = await run(['backup', join(root, 'b')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/not empty/);
  });

  it.each([
    [
      'a store file changed after the backup',
      (dir: string) => writeFile(join(dir, 'candor.sqlite'), 'garbage'),
      /checksum/,
    ],
    ['no manifest', (dir: string) => rm(join(dir, 'manifest.json')), /not a Candor backup/],
    [
      'a manifest from a newer schema',
      async (dir: string) => {
        const m = await manifestOf(dir);
        m.records.schemaVersion = 999;
        await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
      },
      /newer than this Candor/,
    ],
    [
      'row counts that differ from the files',
      async (dir: string) => {
        const m = await manifestOf(dir);
        m.records.tables.consent_records = 99;
        await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
      },
      /row counts/,
    ],
  ])('refuses to restore a backup with %s, leaving the data dir alone', async (_name, spoil, message) => {
    await seed(data, 2, 2);
    expect((await run(['backup', join(root, 'b')])).code).toBe(0);
    await spoil(join(root, 'b'));
    const before = (await readdir(data)).sort();
    const result = await run(['restore', join(root, 'b')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect((await readdir(data)).sort()).toEqual(before);
  });

  it('needs exactly one directory', async () => {
    expect((await run(['backup'])).code).toBe(2);
    expect((await run(['restore', 'a', 'b'])).code).toBe(2);
  });
});
