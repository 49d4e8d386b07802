// Account changes shared by the admin pages and the CLI. Each one is validated here and audited.
import { z } from 'zod';
import {
  EmailTakenError,
  type RecordStore,
  ROLES,
  type Role,
  SCOPES,
  type Scope,
  type User,
} from '../store/records.ts';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key.ts';
import { type PasswordHasher, passwordProblem } from './passwords.ts';

/** A refused change, with a message fit to show the person who asked for it. */
export class AccountError extends Error {
  override name = 'AccountError';
}

export interface AccountDeps {
  records: RecordStore;
  passwords: PasswordHasher;
  now: () => number;
}

const emailSchema = z.email().max(254);

/** Trimmed and lower-case; how emails are stored and looked up. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

export interface NewUserInput {
  email: string;
  role: string;
  password: string;
}

async function validUser(deps: AccountDeps, input: NewUserInput) {
  const email = normaliseEmail(input.email);
  if (!emailSchema.safeParse(email).success) throw new AccountError('Enter a valid email address.');
  if (!isRole(input.role)) throw new AccountError(`The role must be one of ${ROLES.join(', ')}.`);
  const weak = passwordProblem(input.password);
  if (weak) throw new AccountError(weak);
  return {
    email,
    role: input.role,
    passwordHash: await deps.passwords.hash(input.password),
    createdAt: new Date(deps.now()),
  };
}

/** Creates a staff user. `actor` is `user:<id>` or `cli`. */
export async function addUser(deps: AccountDeps, input: NewUserInput, actor: string): Promise<User> {
  let user: User;
  try {
    user = await deps.records.users.create(await validUser(deps, input));
  } catch (error) {
    if (error instanceof EmailTakenError) throw new AccountError('A user with this email already exists.');
    throw error;
  }
  await deps.records.audit.append({
    actor,
    action: 'user.created',
    target: `user:${user.id}`,
    after: { role: user.role },
  });
  return user;
}

/** Creates the first admin through the setup link; undefined when a user already exists. */
export async function addFirstAdmin(deps: AccountDeps, input: Omit<NewUserInput, 'role'>): Promise<User | undefined> {
  const user = await deps.records.users.createFirst(await validUser(deps, { ...input, role: 'admin' }));
  if (user) {
    await deps.records.audit.append({
      actor: 'setup',
      action: 'user.created',
      target: `user:${user.id}`,
      after: { role: user.role },
    });
  }
  return user;
}

/** Changes a user's role. Admins cannot change their own, so one admin always remains. */
export async function changeRole(deps: AccountDeps, actorId: string, userId: string, role: string): Promise<User> {
  if (!isRole(role)) throw new AccountError(`The role must be one of ${ROLES.join(', ')}.`);
  if (actorId === userId) throw new AccountError('You cannot change your own role.');
  const before = await deps.records.users.byId(userId);
  if (!before) throw new AccountError('No such user.');
  if (before.role === role) return before;
  const after = await deps.records.users.setRole(userId, role);
  if (!after) throw new AccountError('No such user.');
  await deps.records.audit.append({
    actor: `user:${actorId}`,
    action: 'user.role_changed',
    target: `user:${userId}`,
    before: { role: before.role },
    after: { role },
  });
  return after;
}

/** Disables a user and ends their sessions at once. Admins cannot disable themselves. */
export async function disableUser(deps: AccountDeps, actorId: string, userId: string): Promise<User> {
  if (actorId === userId) throw new AccountError('You cannot disable your own account.');
  return disableAccount(deps, `user:${actorId}`, userId);
}

/**
 * Disables a user, ends all their sessions and audits it as `actor` (`user:<id>` or `cli`).
 * Refuses to disable the last enabled admin, who would otherwise lock everyone out.
 * Disabling an already disabled user changes nothing.
 */
export async function disableAccount(
  deps: Pick<AccountDeps, 'records' | 'now'>,
  actor: string,
  userId: string,
): Promise<User> {
  const before = await deps.records.users.byId(userId);
  if (!before) throw new AccountError('No such user.');
  if (before.disabledAt !== null) return before;
  if (before.role === 'admin') {
    const admins = (await deps.records.users.list()).filter((u) => u.role === 'admin' && u.disabledAt === null);
    if (admins.length <= 1) {
      throw new AccountError('This is the last enabled admin; create or enable another admin before disabling it.');
    }
  }
  const after = await deps.records.users.disable(userId, new Date(deps.now()));
  if (!after) throw new AccountError('No such user.');
  await deps.records.sessions.deleteForUser(userId);
  await deps.records.audit.append({ actor, action: 'user.disabled', target: `user:${userId}` });
  return after;
}

/** The current password given for a change was wrong; counted like a failed sign-in. */
export class WrongPasswordError extends AccountError {
  override name = 'WrongPasswordError';
}

export interface PasswordChange {
  current: string;
  password: string;
  confirm: string;
}

/**
 * Changes a user's own password: the current one must match (checked by the hasher, in constant
 * time), the new one follows the same rules as at creation. Ends the user's other sessions, keeps
 * `keepSession` (the SHA-256 of the asking browser's session id), audits without any secret, and
 * resolves with how many sessions ended.
 */
export async function changePassword(
  deps: AccountDeps,
  userId: string,
  change: PasswordChange,
  keepSession: string,
): Promise<number> {
  const user = await deps.records.users.byId(userId);
  if (!user) throw new AccountError('No such user.');
  if (!(await deps.passwords.verify(change.current, user.passwordHash))) {
    throw new WrongPasswordError('The current password is not right. Nothing was changed.');
  }
  if (change.password !== change.confirm) throw new AccountError('The new passwords do not match.');
  const weak = passwordProblem(change.password);
  if (weak) throw new AccountError(weak);
  const changed = await deps.records.users.setPasswordHash(userId, await deps.passwords.hash(change.password));
  if (!changed) throw new AccountError('No such user.');
  const ended = await deps.records.sessions.deleteForUser(userId, keepSession);
  await deps.records.audit.append({
    actor: `user:${userId}`,
    action: 'user.password_changed',
    target: `user:${userId}`,
    after: { otherSessionsEnded: ended },
  });
  return ended;
}

export function parseScopes(values: readonly string[]): Scope[] {
  const scopes = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()))].filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new AccountError(`Unknown scope(s) ${unknown.join(', ')}; use ${SCOPES.join(', ')}.`);
  if (scopes.length === 0) throw new AccountError(`Choose at least one scope: ${SCOPES.join(', ')}.`);
  return scopes as Scope[];
}

/** Creates an API key. The key is returned once, here; only its hash is stored. */
export async function createApiKey(
  deps: Pick<AccountDeps, 'records' | 'now'>,
  input: { name: string; scopes: readonly string[] },
  actor: string,
): Promise<{ key: string; id: string }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 80) throw new AccountError('Give the key a name of 1 to 80 characters.');
  const scopes = parseScopes(input.scopes);
  const key = generateApiKey();
  const stored = await deps.records.apiKeys.create({
    name,
    keyHash: await hashApiKey(key),
    prefix: displayPrefix(key),
    scopes,
    createdAt: new Date(deps.now()),
    createdBy: actor,
  });
  await deps.records.audit.append({
    actor,
    action: 'apikey.created',
    target: `apikey:${stored.id}`,
    after: { name, scopes },
  });
  return { key, id: stored.id };
}

export async function revokeApiKey(deps: Pick<AccountDeps, 'records' | 'now'>, actor: string, id: string) {
  const at = new Date(deps.now());
  const revoked = await deps.records.apiKeys.revoke(id, at);
  if (!revoked) throw new AccountError('No such API key.');
  if (revoked.revokedAt?.getTime() !== at.getTime()) return revoked; // revoked earlier
  await deps.records.audit.append({ actor, action: 'apikey.revoked', target: `apikey:${id}` });
  return revoked;
}

/** Turns a user's weekly digest on or off; audited, with no email in the entry. */
export async function setDigest(deps: Pick<AccountDeps, 'records'>, actor: string, userId: string, on: boolean) {
  const before = await deps.records.users.byId(userId);
  if (!before) throw new AccountError('No such user.');
  if (before.digestOptIn === on) return before;
  const after = await deps.records.users.setDigestOptIn(userId, on);
  if (!after) throw new AccountError('No such user.');
  await deps.records.audit.append({
    actor,
    action: 'user.digest_changed',
    target: `user:${userId}`,
    before: { digestOptIn: before.digestOptIn },
    after: { digestOptIn: on },
  });
  return after;
}
