import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Makes the data dir private to the gateway's user, before any store opens: the directory 0700,
 * every file already in it 0600 (an older Candor, a restore or a copy may have left them 0644),
 * and the process umask 077, so every file a store creates later (SQLite's WAL and shared memory,
 * DuckDB's WAL, mail, backups) starts owner-only. Symbolic links are left alone.
 */
export async function makeDataDirPrivate(dataDir: string): Promise<void> {
  process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  for (const entry of await readdir(dataDir)) {
    const path = join(dataDir, entry);
    const stat = await lstat(path);
    if (stat.isFile() && (stat.mode & 0o077) !== 0) await chmod(path, 0o600);
    else if (stat.isDirectory() && (stat.mode & 0o077) !== 0) await chmod(path, 0o700);
  }
}
