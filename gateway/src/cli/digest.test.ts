import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { runCli } from './run.ts';

const CONFIG = fileURLToPath(new URL('../../../candor.config.ts', import.meta.url));

describe('pnpm candor digest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-digest-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      env: { CANDOR_DATA_DIR: dir, CANDOR_CONFIG: CONFIG },
      readStdin: async () => '',
      out: (l) => void out.push(l),
      err: (l) => void err.push(l),
      now: () => Date.parse('2026-11-23T12:00:00Z'),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const seed = async () => {
    const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    try {
      return await store.users.create({
        email: 'ana@example.com',
        role: 'marketer',
        passwordHash: 'x',
        createdAt: new Date(),
      });
    } finally {
      await store.close();
    }
  };

  it('user digest --on opts the user in (audited), and digest send writes one .eml for them', async () => {
    const user = await seed();
    expect(await run(['user', 'digest', '--email', 'Ana@example.com', '--on'])).toMatchObject({ code: 0, err: '' });
    const sent = await run(['digest', 'send', '--week', '2026-W47']);
    expect(sent).toMatchObject({ code: 0, err: '' });
    expect(sent.out).toContain('Sent 1 digest message(s) for 2026-W47.');
    expect(sent.out).not.toContain('ana@example.com');
    expect(await readdir(join(dir, 'mail'))).toHaveLength(1);
    const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    try {
      expect((await store.audit.list())[0]).toMatchObject({
        actor: 'cli',
        action: 'user.digest_changed',
        target: `user:${user.id}`,
        after: { digestOptIn: true },
      });
    } finally {
      await store.close();
    }
  });

  it.each([
    [['digest', 'send', '--week', '2026-47']],
    [['user', 'digest', '--email', 'ana@example.com']],
    [['user', 'digest', '--email', 'ana@example.com', '--on', '--off']],
  ])('%j is a usage error', async (argv) => {
    expect((await run(argv)).code).toBe(2);
  });
});
