// Real SQLite on a temp file: the adapter is where a plaintext secret would leak to disk.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { testApp } from '../testing.ts';
import { createApiKey } from './accounts.ts';
import { hashApiKey } from './api-key.ts';
import { accountDeps, cookieOf, form, login, signedIn } from './fixtures.ts';

describe('secrets on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-secrets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** Every byte of every file in the data dir (database, WAL, shared memory), as latin1. */
  const diskBytes = async () => {
    const files = await readdir(dir);
    return (await Promise.all(files.map((f) => readFile(join(dir, f))))).map((b) => b.toString('latin1')).join('');
  };

  it('holds API keys, passwords and session ids only as hashes', async () => {
    const records = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    const { app, deps } = testApp({ records });
    const admin = await signedIn(app, deps, 'admin');
    const password = 'Unmistakable-Probe-Passphrase-42';
    await app.request(
      '/admin/users',
      form({ _csrf: admin.csrf, email: 'probe@example.test', role: 'marketer', password }, admin.headers),
    );
    const session = cookieOf(await login(app, 'probe@example.test', password)) ?? '';
    const page = await app.request(
      '/admin/api-keys',
      form({ _csrf: admin.csrf, name: 'sender', scope: 'stats:read' }, admin.headers),
    );
    const fromPage = /cdr_[0-9A-Za-z]{40}/.exec(await page.text())?.[0] ?? '';
    const fromCli = (await createApiKey(accountDeps(deps), { name: 'cli', scopes: ['stats:read'] }, 'cli')).key;
    expect(fromPage).not.toBe('');
    expect(session).not.toBe('');

    for (const when of ['while open (WAL)', 'after close']) {
      if (when === 'after close') await records.close();
      const bytes = await diskBytes();
      expect(bytes, when).toContain(await hashApiKey(fromPage)); // we are reading the right data
      expect(bytes, when).toContain('probe@example.test');
      for (const secret of [fromPage, fromCli, fromPage.slice(4), password, session, admin.cookie]) {
        expect(bytes.includes(secret), `${when}: ${secret.slice(0, 8)}…`).toBe(false);
      }
    }
  });
});
