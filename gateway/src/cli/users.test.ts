import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { testPasswords } from '../testing.ts';
import { runCli } from './run.ts';

const PASSWORD = 'correct horse battery staple';
const NOW = Date.parse('2026-03-02T10:30:00Z');

describe('pnpm candor user list / user disable', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-cli-users-'));
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
      now: () => NOW,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const add = async (email: string, role: string) =>
    expect((await run(['user', 'add', '--email', email, '--role', role, '--password-stdin'], PASSWORD)).code).toBe(0);
  const withStore = async <T>(fn: (s: ReturnType<typeof openSqliteRecordStore>) => Promise<T>) => {
    const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  const sessionFor = (email: string, idHash: string) =>
    withStore(async (s) => {
      const user = await s.users.byEmail(email);
      const t = new Date(NOW);
      await s.sessions.create({ idHash, userId: user?.id ?? '', createdAt: t, lastSeenAt: t, expiresAt: t });
    });

  describe('user list', () => {
    it('prints an aligned table, oldest first, with created, disabled and digest', async () => {
      await add('ana@example.com', 'admin');
      await add('mia.long.address@example.com', 'marketer');
      await run(['user', 'digest', '--email', 'mia.long.address@example.com', '--on']);
      const { code, out, err } = await run(['user', 'list']);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      const lines = out.split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^ID +EMAIL +ROLE +CREATED +DISABLED +DIGEST$/);
      expect(lines[1]).toMatch(/^[\w-]{36} {2}ana@example\.com +admin +2026-03-02 10:30Z {2}- +off$/);
      expect(lines[2]).toMatch(
        /^[\w-]{36} {2}mia\.long\.address@example\.com {2}marketer {2}2026-03-02 10:30Z {2}- +on$/,
      );
      // aligned: every column starts at the same offset on every line
      const starts = (line: string) => [...line.matchAll(/(?<= {2})\S/g)].map((m) => m.index);
      expect(starts(lines[1] ?? '')).toEqual(starts(lines[0] ?? ''));
      expect(starts(lines[2] ?? '')).toEqual(starts(lines[0] ?? ''));
      expect(out).not.toMatch(/scrypt|correct horse/);
    });

    it('prints JSON with --json, and never a password hash', async () => {
      await add('ana@example.com', 'admin');
      const { code, out } = await run(['user', 'list', '--json']);
      expect(code).toBe(0);
      const users = JSON.parse(out) as Record<string, unknown>[];
      expect(users).toEqual([
        {
          id: expect.stringMatching(/^[\w-]{36}$/),
          email: 'ana@example.com',
          role: 'admin',
          createdAt: '2026-03-02T10:30:00.000Z',
          disabledAt: null,
          digestOptIn: false,
        },
      ]);
      expect(out).not.toContain('scrypt');
    });

    it('says so when there is no user, and [] with --json', async () => {
      expect((await run(['user', 'list'])).out).toContain('No users yet.');
      expect(JSON.parse((await run(['user', 'list', '--json'])).out)).toEqual([]);
    });
  });

  describe('user disable', () => {
    it('disables the user, ends all their sessions and audits it as cli', async () => {
      await add('ana@example.com', 'admin');
      await add('mia@example.com', 'marketer');
      await sessionFor('mia@example.com', 'm1');
      await sessionFor('mia@example.com', 'm2');
      await sessionFor('ana@example.com', 'a1');
      const { code, out, err } = await run(['user', 'disable', '--email', ' MIA@example.com ']);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toMatch(/^Disabled marketer mia@example\.com \(id [\w-]+\); their sessions have ended\.$/);
      await withStore(async (s) => {
        const mia = await s.users.byEmail('mia@example.com');
        expect(mia?.disabledAt).toEqual(new Date(NOW));
        expect(await s.sessions.get('m1')).toBeUndefined();
        expect(await s.sessions.get('m2')).toBeUndefined();
        expect(await s.sessions.get('a1')).toBeDefined();
        expect((await s.audit.list())[0]).toMatchObject({
          actor: 'cli',
          action: 'user.disabled',
          target: `user:${mia?.id}`,
        });
      });
      expect((await run(['user', 'list'])).out).toMatch(/mia@example\.com +marketer +\S+ \S+ +2026-03-02 10:30Z/);
    });

    it('changes nothing for a user disabled already', async () => {
      await add('ana@example.com', 'admin');
      await add('mia@example.com', 'marketer');
      await run(['user', 'disable', '--email', 'mia@example.com']);
      const again = await run(['user', 'disable', '--email', 'mia@example.com']);
      expect(again).toMatchObject({ code: 0, err: '' });
      expect(again.out).toContain('already disabled');
      await withStore(async (s) =>
        expect((await s.audit.list()).filter((e) => e.action === 'user.disabled')).toHaveLength(1),
      );
    });

    it('refuses the last enabled admin, with exit 1, and disables an admin when another remains', async () => {
      await add('ana@example.com', 'admin');
      await add('bo@example.com', 'admin');
      await add('mia@example.com', 'marketer');
      expect((await run(['user', 'disable', '--email', 'bo@example.com'])).code).toBe(0);
      const refused = await run(['user', 'disable', '--email', 'ana@example.com']);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('This is the last enabled admin');
      await withStore(async (s) => expect((await s.users.byEmail('ana@example.com'))?.disabledAt).toBeNull());
    });

    it.each([
      [['--email', 'nobody@example.com'], 1, 'No user with the email nobody@example.com.'],
      [[], 2, 'user disable needs --email.'],
      [['--email'], 2, "Option '--email <value>' argument missing"],
      [['--id', 'x'], 2, "Unknown option '--id'"],
    ])('refuses %j (exit %i)', async (args, expected, message) => {
      await add('ana@example.com', 'admin');
      const { code, err } = await run(['user', 'disable', ...args]);
      expect(code).toBe(expected);
      expect(err).toContain(message);
    });
  });

  it('lists both commands in the usage', async () => {
    const { out } = await run(['help']);
    expect(out).toContain('user list [--json]');
    expect(out).toContain('user disable --email E');
  });
});
