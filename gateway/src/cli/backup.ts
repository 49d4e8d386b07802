// `pnpm candor backup DIR` and `pnpm candor restore DIR`. The secret is never part of a backup.
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { parseEnv } from '../env.ts';
import { eventMigrations } from '../store/duckdb/migrations.ts';
import { recordMigrations } from '../store/sqlite/migrations.ts';
import {
  backupSqlite,
  copyDuckDb,
  describeDuckDb,
  describeSqlite,
  EVENTS_FILE,
  exists,
  GATEWAY_FILE,
  isLocked,
  openDuckDb,
  RECORDS_FILE,
  StoreLockedError,
  sha256File,
} from './snapshot.ts';

export const MANIFEST_FILE = 'manifest.json';

const facts = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  schemaVersion: z.number().int().min(0),
  tables: z.record(z.string(), z.number().int().min(0)),
});
const manifestSchema = z.object({
  format: z.literal('candor-backup/1'),
  createdAt: z.string(),
  candorVersion: z.string(),
  /** Whether the event store was copied by the running gateway (true) or opened directly. */
  online: z.boolean(),
  records: facts.extend({ file: z.literal(RECORDS_FILE) }),
  events: facts.extend({ file: z.literal(EVENTS_FILE) }).nullable(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export class BackupError extends Error {}

interface Io {
  env: Record<string, string | undefined>;
  out(line: string): void;
  now?: () => number;
}

/** Writes both stores and a manifest into a new (or empty) directory. */
export async function backup(dir: string, io: Io): Promise<number> {
  const dataDir = resolve(parseEnv(io.env).CANDOR_DATA_DIR);
  const target = resolve(dir);
  const records = join(dataDir, RECORDS_FILE);
  if (!(await exists(records))) throw new BackupError(`No ${RECORDS_FILE} in ${dataDir}: nothing to back up.`);
  if ((await readdir(target).catch(() => [])).length > 0) {
    throw new BackupError(`${target} is not empty; back up into a new directory.`);
  }
  await mkdir(target, { recursive: true, mode: 0o700 });

  let online = false;
  let events: Manifest['events'] = null;
  if (await exists(join(dataDir, EVENTS_FILE))) {
    online = await backupEvents(dataDir, join(target, EVENTS_FILE));
    const described = await describeDuckDb(join(target, EVENTS_FILE));
    events = { ...described, file: EVENTS_FILE, sha256: await sha256File(join(target, EVENTS_FILE)) };
  }
  await backupSqlite(records, join(target, RECORDS_FILE));
  await chmod(join(target, RECORDS_FILE), 0o600);
  const described = describeSqlite(join(target, RECORDS_FILE));
  const manifest: Manifest = {
    format: 'candor-backup/1',
    createdAt: new Date((io.now ?? Date.now)()).toISOString(),
    candorVersion: pkg.version,
    online,
    records: { ...described, file: RECORDS_FILE, sha256: await sha256File(join(target, RECORDS_FILE)) },
    events,
  };
  await writeFile(join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  const rows = (f: { tables: Record<string, number> }) => Object.values(f.tables).reduce((a, b) => a + b, 0);
  io.out(`Backed up ${dataDir} to ${target}${online ? ' (from the running gateway)' : ''}:`);
  io.out(`  ${RECORDS_FILE}  schema ${manifest.records.schemaVersion}, ${rows(manifest.records)} rows`);
  if (events) io.out(`  ${EVENTS_FILE}  schema ${events.schemaVersion}, ${rows(events)} rows`);
  io.out('CANDOR_SECRET (or the data dir secret file) is not in the backup: keep it separately.');
  return 0;
}

/** Copies the event store into `target`; asks the running gateway when it holds the file. True if it did. */
async function backupEvents(dataDir: string, target: string): Promise<boolean> {
  try {
    const instance = await openDuckDb(join(dataDir, EVENTS_FILE));
    const conn = await instance.connect();
    try {
      await copyDuckDb(conn, target);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    return false;
  } catch (error) {
    if (!(error instanceof StoreLockedError)) throw error;
  }
  const gateway = await readGatewayFile(dataDir);
  const res = await fetch(`${gateway.url}/ops/backup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.token}` },
    signal: AbortSignal.timeout(600_000),
  });
  const body = (await res.json().catch(() => ({}))) as { file?: unknown; detail?: unknown };
  if (!res.ok || typeof body.file !== 'string' || !/^backup-[\w-]+\.duckdb$/.test(body.file)) {
    throw new BackupError(`The gateway could not snapshot the event store (${res.status}): ${String(body.detail)}`);
  }
  await move(join(dataDir, body.file), target);
  return true;
}

async function readGatewayFile(dataDir: string): Promise<{ url: string; token: string }> {
  const text = await readFile(join(dataDir, GATEWAY_FILE), 'utf8').catch(() => {
    throw new BackupError(`The event store is locked but ${GATEWAY_FILE} is missing: is another process using it?`);
  });
  const parsed = z.object({ url: z.url(), token: z.string().min(32) }).safeParse(JSON.parse(text));
  if (!parsed.success) throw new BackupError(`${join(dataDir, GATEWAY_FILE)} is not valid.`);
  return parsed.data;
}

/** Replaces the stores in the data dir with the backup's; the old files are kept as `*.before-restore`. */
export async function restore(dir: string, io: Io): Promise<number> {
  const dataDir = resolve(parseEnv(io.env).CANDOR_DATA_DIR);
  const source = resolve(dir);
  const manifest = await verify(source);
  if (await isLocked(join(dataDir, EVENTS_FILE))) {
    throw new BackupError('The gateway is running on this data dir: stop it before restoring.');
  }
  const stores = [RECORDS_FILE, ...(manifest.events ? [EVENTS_FILE] : [])];
  // Every file of a store, including a journal a crash left behind: they belong together.
  const sidecars = (f: string) => [f, `${f}-wal`, `${f}-shm`, `${f}.wal`];
  for (const f of stores.flatMap(sidecars)) {
    if (await exists(join(dataDir, `${f}.before-restore`))) {
      throw new BackupError(`${join(dataDir, `${f}.before-restore`)} exists from an earlier restore; move it first.`);
    }
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (const f of stores.flatMap(sidecars)) {
    if (await exists(join(dataDir, f))) await rename(join(dataDir, f), join(dataDir, `${f}.before-restore`));
  }
  for (const f of stores) {
    await copyFile(join(source, f), join(dataDir, `${f}.restoring`));
    await chmod(join(dataDir, `${f}.restoring`), 0o600);
    await rename(join(dataDir, `${f}.restoring`), join(dataDir, f));
  }
  io.out(`Restored the backup of ${manifest.createdAt} into ${dataDir}.`);
  io.out(
    'Earlier files, if any, are kept beside it as *.before-restore. Start the gateway with the same CANDOR_SECRET.',
  );
  return 0;
}

/** Reads the manifest and checks each file against it: checksum, row counts, and a schema this Candor knows. */
export async function verify(source: string): Promise<Manifest> {
  const text = await readFile(join(source, MANIFEST_FILE), 'utf8').catch(() => {
    throw new BackupError(`No ${MANIFEST_FILE} in ${source}: not a Candor backup.`);
  });
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new BackupError(`${join(source, MANIFEST_FILE)} is not a valid Candor manifest.`);
  const manifest = parsed.data;
  const known = {
    [RECORDS_FILE]: Math.max(0, ...recordMigrations.map((m) => m.id)),
    [EVENTS_FILE]: Math.max(0, ...eventMigrations.map((m) => m.id)),
  };
  for (const store of [manifest.records, manifest.events]) {
    if (!store) continue;
    const file = join(source, store.file);
    if ((await sha256File(file).catch(() => '')) !== store.sha256) {
      throw new BackupError(`${file} is missing or does not match its checksum in the manifest.`);
    }
    if (store.schemaVersion > known[store.file as keyof typeof known]) {
      throw new BackupError(`${store.file} has schema ${store.schemaVersion}, newer than this Candor: upgrade first.`);
    }
    const actual = store.file === RECORDS_FILE ? describeSqlite(file) : await describeDuckDb(file);
    if (JSON.stringify(actual.tables) !== JSON.stringify(store.tables)) {
      throw new BackupError(`${file} does not hold the row counts its manifest lists.`);
    }
  }
  return manifest;
}

async function move(from: string, to: string): Promise<void> {
  await rename(from, to).catch(async () => {
    await copyFile(from, to);
    await rm(from, { force: true });
  });
}
