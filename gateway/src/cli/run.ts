// `pnpm candor <command>`: staff accounts and API keys, run against the SQLite file in the data
// dir. It works while the gateway runs (WAL and busy_timeout let both write).

import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AccountError, addUser, createApiKey } from '../admin/accounts.ts';
import type { PasswordHasher } from '../admin/passwords.ts';
import { EnvError, parseEnv } from '../env.ts';
import { makeDataDirPrivate } from '../node/data-dir.ts';
import { createScryptHasher } from '../node/scrypt.ts';
import { type RecordStore, ROLES, SCOPES } from '../store/records.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { BackupError, backup, restore } from './backup.ts';
import { DigestUsageError, digestSend, userDigest } from './digest.ts';
import { setupLink } from './setup-link.ts';
import { UserUsageError, userDisable, userList } from './users.ts';

export interface CliIo {
  env: Record<string, string | undefined>;
  /** The whole of standard input. */
  readStdin(): Promise<string>;
  out(line: string): void;
  err(line: string): void;
  passwords?: PasswordHasher;
  now?: () => number;
}

export const USAGE = `Usage: pnpm candor <command>

  user add --email E --role ${ROLES.join('|')} --password-stdin
      Creates a staff user. The password (at least 12 characters) is read from standard input,
      so it never appears in the shell history or the process list:
        printf '%s' "$PASSWORD" | pnpm candor user add --email ana@example.com --role admin --password-stdin

  user list [--json]
      Lists every staff user, oldest first: id, email, role, created, disabled and digest, as a
      table, or with --json as a JSON array.

  user disable --email E
      Disables the user and ends their sessions at once. Refuses the last enabled admin.

  user digest --email E --on|--off
      Turns the user's weekly digest email on or off (admins and marketers receive it).

  digest send [--week YYYY-Www]
      Sends the weekly digest of that ISO week (default: last full week) now, even if it was
      sent already. Mail is written to <data dir>/mail/. Stop the gateway first: it holds the
      events database.

  setup-link
      Prints a one-time link (valid for an hour) that creates the first admin, while no user
      exists. A production gateway prints none at start; run this on the server instead.

  apikey create --name N --scope S[,S…]
      Creates an API key and prints it alone on the last line. Scopes: ${SCOPES.join(', ')}.

  backup DIR
      Writes a consistent copy of both stores and a manifest.json (time, version, schema versions,
      rows per table) into DIR, which must be new or empty. Safe while the gateway runs: it asks
      the gateway to copy the events database it holds. The secret is not included: keep
      CANDOR_SECRET (or <data dir>/secret) separately.

  restore DIR
      Checks DIR against its manifest, then replaces the stores in the data dir with it; the old
      files stay beside them as *.before-restore. Stop the gateway first: it refuses otherwise.

Reads CANDOR_DATA_DIR (default ./data) like the gateway, and works while it runs.`;

class UsageError extends Error {}

/** Runs one CLI command; resolves with the exit code (0 ok, 1 refused or failed, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [noun, verb, ...rest] = argv;
  try {
    if (noun === undefined || noun === 'help' || noun === '--help' || noun === '-h') {
      io.out(USAGE);
      return 0;
    }
    if (noun === 'user' && verb === 'add') return await userAdd(rest, io);
    if (noun === 'user' && verb === 'list') return await userList(rest, (run) => withStore(io, run), io.out);
    if (noun === 'user' && verb === 'disable') return await userDisable(rest, io, (run) => withStore(io, run));
    if (noun === 'user' && verb === 'digest') return await userDigest(rest, (run) => withStore(io, run), io.out);
    if (noun === 'digest' && verb === 'send') return await digestSend(rest, io, (run) => withStore(io, run));
    if (noun === 'apikey' && verb === 'create') return await apikeyCreate(rest, io);
    if (noun === 'setup-link' && verb === undefined) return await setupLink(io, (run) => withStore(io, run));
    if ((noun === 'backup' || noun === 'restore') && verb !== undefined && rest.length === 0) {
      return await (noun === 'backup' ? backup : restore)(verb, io);
    }
    if (noun === 'backup' || noun === 'restore') throw new UsageError(`${noun} needs one directory.`);
    throw new UsageError(`Unknown command: ${[noun, verb].filter(Boolean).join(' ')}`);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof DigestUsageError ||
      error instanceof UserUsageError ||
      (error instanceof TypeError && 'code' in error)
    ) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof AccountError || error instanceof EnvError || error instanceof BackupError) {
      io.err(error.message);
      return 1;
    }
    io.err(`Failed: ${(error as Error).message}`);
    return 1;
  }
}

async function userAdd(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    strict: true,
  });
  if (!values.email || !values.role) throw new UsageError('user add needs --email and --role.');
  if (!values['password-stdin']) {
    throw new UsageError(
      'Pass the password on standard input with --password-stdin; it never goes on the command line.',
    );
  }
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  const passwords = io.passwords ?? createScryptHasher();
  return withStore(io, async (records) => {
    const user = await addUser(
      { records, passwords, now: io.now ?? Date.now },
      { email: values.email ?? '', role: values.role ?? '', password },
      'cli',
    );
    io.out(`Created ${user.role} ${user.email} (id ${user.id}). Sign in at /admin/login.`);
    return 0;
  });
}

async function apikeyCreate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
    strict: true,
  });
  if (!values.name || !values.scope) throw new UsageError('apikey create needs --name and --scope.');
  const scopes = values.scope;
  return withStore(io, async (records) => {
    const created = await createApiKey(
      { records, now: io.now ?? Date.now },
      { name: values.name ?? '', scopes },
      'cli',
    );
    io.out(`Created API key "${values.name?.trim()}" (id ${created.id}). It is shown only this once:`);
    io.out(created.key);
    return 0;
  });
}

async function withStore(io: CliIo, run: (records: RecordStore) => Promise<number>): Promise<number> {
  const env = parseEnv(io.env);
  const dataDir = resolve(env.CANDOR_DATA_DIR);
  await makeDataDirPrivate(dataDir);
  const records = openSqliteRecordStore(join(dataDir, 'candor.sqlite'));
  try {
    return await run(records);
  } finally {
    await records.close();
  }
}
