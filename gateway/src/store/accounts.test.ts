// One contract for both RecordStore adapters' account tables, so the memory twin stays in step.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRecordStore } from './memory/records.ts';
import { EmailTakenError, type NewUser, type RecordStore } from './records.ts';
import { openSqliteRecordStore } from './sqlite/records.ts';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const newUser = (email: string, overrides: Partial<NewUser> = {}): NewUser => ({
  email,
  role: 'marketer',
  passwordHash: 'scrypt$1024$8$1$c2FsdA$aGFzaA',
  createdAt: T0,
  ...overrides,
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sqliteStore(): Promise<RecordStore> {
  const dir = await mkdtemp(join(tmpdir(), 'candor-accounts-'));
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
])('%s account stores', (_name, open) => {
  it('creates users, finds them by id and email, and refuses a taken email', async () => {
    const store = await open();
    const user = await store.users.create(newUser('ana@example.test', { role: 'admin' }));
    expect(user).toMatchObject({ email: 'ana@example.test', role: 'admin', disabledAt: null, digestOptIn: false });
    expect(user.createdAt).toEqual(T0);
    expect(await store.users.byId(user.id)).toEqual(user);
    expect(await store.users.byEmail('ana@example.test')).toEqual(user);
    expect(await store.users.byEmail('nobody@example.test')).toBeUndefined();
    await expect(store.users.create(newUser('ana@example.test'))).rejects.toBeInstanceOf(EmailTakenError);
    expect(await store.users.count()).toBe(1);
  });

  it('createFirst creates a user only while none exists', async () => {
    const store = await open();
    const first = await store.users.createFirst(newUser('first@example.test', { role: 'admin' }));
    expect(first?.email).toBe('first@example.test');
    expect(await store.users.createFirst(newUser('second@example.test', { role: 'admin' }))).toBeUndefined();
    expect((await store.users.list()).map((u) => u.email)).toEqual(['first@example.test']);
  });

  it('changes roles, keeps the first disable time, and records the digest choice', async () => {
    const store = await open();
    const a = await store.users.create(newUser('a@example.test'));
    const b = await store.users.create(newUser('b@example.test', { digestOptIn: true }));
    expect(b.digestOptIn).toBe(true);
    expect((await store.users.setRole(a.id, 'privacy'))?.role).toBe('privacy');
    expect((await store.users.disable(a.id, at(1)))?.disabledAt).toEqual(at(1));
    expect((await store.users.disable(a.id, at(2)))?.disabledAt).toEqual(at(1));
    expect((await store.users.setDigestOptIn(a.id, true))?.digestOptIn).toBe(true);
    expect(await store.users.setRole('missing', 'admin')).toBeUndefined();
    expect((await store.users.list()).map((u) => u.email)).toEqual(['a@example.test', 'b@example.test']);
  });

  it('stores, slides and deletes sessions', async () => {
    const store = await open();
    const user = await store.users.create(newUser('s@example.test'));
    const other = await store.users.create(newUser('t@example.test'));
    const session = { idHash: 'h1', userId: user.id, createdAt: T0, lastSeenAt: T0, expiresAt: at(720) };
    await store.sessions.create(session);
    await store.sessions.create({ ...session, idHash: 'h2' });
    await store.sessions.create({ ...session, idHash: 'h3', userId: other.id, lastSeenAt: at(10) });
    expect(await store.sessions.get('h1')).toEqual(session);
    await store.sessions.touch('h1', at(5));
    expect((await store.sessions.get('h1'))?.lastSeenAt).toEqual(at(5));
    // idle since before minute 5: only h2 (last seen at 0) goes
    expect(await store.sessions.deleteStale(at(6), at(5))).toBe(1);
    expect(await store.sessions.get('h2')).toBeUndefined();
    // past the absolute end: everything goes
    await store.sessions.create({ ...session, idHash: 'h4', expiresAt: at(1) });
    expect(await store.sessions.deleteStale(at(2), T0)).toBe(1);
    expect(await store.sessions.deleteForUser(user.id)).toBe(1);
    await store.sessions.delete('h3');
    expect(await store.sessions.get('h3')).toBeUndefined();
  });

  it("replaces a password hash, and ends a user's other sessions while keeping one", async () => {
    const store = await open();
    const user = await store.users.create(newUser('p@example.test'));
    const other = await store.users.create(newUser('q@example.test'));
    expect((await store.users.setPasswordHash(user.id, 'scrypt$new'))?.passwordHash).toBe('scrypt$new');
    expect((await store.users.byId(other.id))?.passwordHash).toBe(newUser('').passwordHash);
    expect(await store.users.setPasswordHash('missing', 'scrypt$new')).toBeUndefined();
    const session = { idHash: 'k1', userId: user.id, createdAt: T0, lastSeenAt: T0, expiresAt: at(720) };
    for (const [idHash, userId] of [
      ['k1', user.id],
      ['k2', user.id],
      ['k3', user.id],
      ['k4', other.id],
    ] as const) {
      await store.sessions.create({ ...session, idHash, userId });
    }
    expect(await store.sessions.deleteForUser(user.id, 'k2')).toBe(2);
    expect(await store.sessions.get('k2')).toBeDefined();
    expect(await store.sessions.get('k4')).toBeDefined();
    expect(await store.sessions.get('k1')).toBeUndefined();
  });

  it('refuses a session for a user that does not exist', async () => {
    const store = await open();
    await expect(
      store.sessions.create({ idHash: 'h', userId: 'no-such-user', createdAt: T0, lastSeenAt: T0, expiresAt: at(60) }),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('stores API keys by hash, lists newest first, revokes once and records use', async () => {
    const store = await open();
    const base = { prefix: 'cdr_abc123', scopes: ['stats:read' as const], createdBy: 'cli' };
    const one = await store.apiKeys.create({ ...base, name: 'one', keyHash: 'k1', createdAt: T0 });
    const two = await store.apiKeys.create({ ...base, name: 'two', keyHash: 'k2', createdAt: at(1) });
    expect(one).toMatchObject({ name: 'one', scopes: ['stats:read'], revokedAt: null, lastUsedAt: null });
    expect(await store.apiKeys.byHash('k2')).toEqual(two);
    expect(await store.apiKeys.byHash('nope')).toBeUndefined();
    expect((await store.apiKeys.list()).map((k) => k.name)).toEqual(['two', 'one']);
    expect((await store.apiKeys.revoke(one.id, at(2)))?.revokedAt).toEqual(at(2));
    expect((await store.apiKeys.revoke(one.id, at(3)))?.revokedAt).toEqual(at(2));
    await store.apiKeys.touch(two.id, at(4));
    expect((await store.apiKeys.byHash('k2'))?.lastUsedAt).toEqual(at(4));
  });

  it('appends login entries and pages them newest first', async () => {
    const store = await open();
    for (let i = 0; i < 5; i++) {
      await store.loginLog.append({
        userId: i % 2 ? `u${i}` : null,
        event: 'login',
        success: false,
        reason: 'wrong_password',
        at: at(i),
      });
    }
    const first = await store.loginLog.list({ limit: 2 });
    expect(first.map((e) => e.at)).toEqual([at(4), at(3)]);
    expect(first[1]).toMatchObject({ userId: 'u3', event: 'login', success: false, reason: 'wrong_password' });
    const next = await store.loginLog.list({ limit: 2, before: first[1]?.id });
    expect(next.map((e) => e.at)).toEqual([at(2), at(1)]);
  });
});

describe('SQLite account tables', () => {
  it('refuses edits to the login log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candor-accounts-'));
    try {
      const file = join(dir, 'candor.sqlite');
      const store = openSqliteRecordStore(file);
      await store.loginLog.append({ userId: null, event: 'login', success: false, reason: 'unknown_email', at: T0 });
      await store.close();
      const db = new Database(file);
      expect(() => db.prepare("UPDATE login_log SET reason = 'ok'").run()).toThrow(/append-only/);
      db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
