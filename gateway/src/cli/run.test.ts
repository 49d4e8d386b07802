import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../admin/api-key.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { testPasswords } from '../testing.ts';
import { runCli } from './run.ts';

const PASSWORD = 'correct horse battery staple';

describe('pnpm candor', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-cli-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = async (argv: string[], stdin = '') => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      env: { CANDOR_DATA_DIR: dir },
      readStdin: async () => stdin,
      out: (l) => void out.push(l),
      err: (l) => void err.push(l),
      passwords: testPasswords,
    });
    return { code, out: out.join('\n'), err: err.join('\n'), lastLine: out.join('\n').split('\n').at(-1) };
  };
  const withStore = async <T>(fn: (s: ReturnType<typeof openSqliteRecordStore>) => Promise<T>) => {
    const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  describe('user add', () => {
    it('creates the user from the password on stdin (one trailing newline dropped)', async () => {
      const { code, out, err } = await run(
        ['user', 'add', '--email', 'Ana@Example.com', '--role', 'admin', '--password-stdin'],
        `${PASSWORD}\n`,
      );
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toMatch(/^Created admin ana@example\.com \(id [\w-]+\)/);
      expect(out).not.toContain(PASSWORD);
      await withStore(async (s) => {
        const user = await s.users.byEmail('ana@example.com');
        expect(user?.role).toBe('admin');
        expect(await testPasswords.verify(PASSWORD, user?.passwordHash ?? '')).toBe(true);
        expect(await testPasswords.verify(`${PASSWORD}\n`, user?.passwordHash ?? '')).toBe(false);
        expect((await s.audit.list())[0]).toMatchObject({ actor: 'cli', action: 'user.created' });
      });
      const bytes = (await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'latin1')))).join('');
      expect(bytes).not.toContain(PASSWORD);
    });

    it.each([
      [['--email', 'a@example.com', '--role', 'admin'], 2, '--password-stdin'],
      [['--email', 'a@example.com', '--password-stdin'], 2, 'needs --email and --role'],
      [['--email', 'a@example.com', '--role', 'admin', '--password', 'x'], 2, "Unknown option '--password'"],
      [['--email', 'a@example.com', '--role', 'owner', '--password-stdin'], 1, 'The role must be one of'],
      [['--email', 'nope', '--role', 'admin', '--password-stdin'], 1, 'Enter a valid email address.'],
    ])('refuses %j (exit %i)', async (args, expected, message) => {
      const { code, err } = await run(['user', 'add', ...args], PASSWORD);
      expect(code).toBe(expected);
      expect(err).toContain(message);
    });

    it('refuses a short password and a taken email (exit 1)', async () => {
      const args = ['user', 'add', '--email', 'b@example.com', '--role', 'marketer', '--password-stdin'];
      expect(await run(args, 'short\n')).toMatchObject({ code: 1, err: 'Use at least 12 characters.' });
      expect((await run(args, PASSWORD)).code).toBe(0);
      expect(await run(args, PASSWORD)).toMatchObject({ code: 1, err: 'A user with this email already exists.' });
    });
  });

  describe('apikey create', () => {
    it('prints the key alone on the last line and stores only its hash', async () => {
      const { code, lastLine, out } = await run([
        'apikey',
        'create',
        '--name',
        'Sender',
        '--scope',
        'stats:read,suppressions:read',
      ]);
      expect(code).toBe(0);
      expect(lastLine).toMatch(/^cdr_[0-9A-Za-z]{40}$/);
      expect(out.split('\n').length).toBeGreaterThan(1);
      await withStore(async (s) => {
        const [key] = await s.apiKeys.list();
        expect(key).toMatchObject({ name: 'Sender', scopes: ['stats:read', 'suppressions:read'], createdBy: 'cli' });
        expect(key?.keyHash).toBe(await hashApiKey(lastLine ?? ''));
        expect((await s.audit.list())[0]).toMatchObject({ actor: 'cli', action: 'apikey.created' });
      });
    });

    it('takes --scope more than once', async () => {
      const { code } = await run([
        'apikey',
        'create',
        '--name',
        'x',
        '--scope',
        'stats:read',
        '--scope',
        'unsubscribe:write',
      ]);
      expect(code).toBe(0);
      await withStore(async (s) =>
        expect((await s.apiKeys.list())[0]?.scopes).toEqual(['stats:read', 'unsubscribe:write']),
      );
    });

    it.each([
      [['--name', 'x'], 2, 'needs --name and --scope'],
      [['--name', 'x', '--scope', 'stats:write'], 1, 'Unknown scope(s) stats:write'],
    ])('refuses %j (exit %i)', async (args, expected, message) => {
      const { code, err } = await run(['apikey', 'create', ...args]);
      expect(code).toBe(expected);
      expect(err).toContain(message);
    });
  });

  it('prints usage for help, and usage with exit 2 for an unknown command', async () => {
    expect(await run(['help'])).toMatchObject({ code: 0 });
    expect((await run([])).out).toContain('Usage: pnpm candor');
    const unknown = await run(['user', 'delete']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command: user delete');
  });

  it('names a bad environment variable', async () => {
    const out: string[] = [];
    const code = await runCli(['apikey', 'create', '--name', 'x', '--scope', 'stats:read'], {
      env: { CANDOR_DATA_DIR: dir, PORT: 'eighty' },
      readStdin: async () => '',
      out: (l) => void out.push(l),
      err: (l) => void out.push(l),
    });
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('PORT');
  });
});
