// `pnpm candor user list` and `pnpm candor user disable`: staff accounts from the server's shell.
import { parseArgs } from 'node:util';
import { AccountError, disableAccount, normaliseEmail } from '../admin/accounts.ts';
import type { RecordStore, User } from '../store/records.ts';

type WithStore = (run: (records: RecordStore) => Promise<number>) => Promise<number>;

const HEADINGS = ['ID', 'EMAIL', 'ROLE', 'CREATED', 'DISABLED', 'DIGEST'] as const;

/** A minute-precision UTC time, e.g. `2026-03-01 09:00Z`. */
const time = (d: Date | null) => (d === null ? '-' : `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`);

/** Every user, oldest first: an aligned table, or with `--json` an array (never the password hash). */
export async function userList(args: string[], withStore: WithStore, out: (line: string) => void) {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
  return withStore(async (records) => {
    const users = await records.users.list();
    if (values.json) {
      out(JSON.stringify(users.map(publicFields), null, 2));
      return 0;
    }
    if (users.length === 0) {
      out('No users yet. Create one with pnpm candor user add.');
      return 0;
    }
    const rows = [
      [...HEADINGS],
      ...users.map((u) => [u.id, u.email, u.role, time(u.createdAt), time(u.disabledAt), u.digestOptIn ? 'on' : 'off']),
    ];
    const widths = HEADINGS.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
    for (const row of rows)
      out(
        row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    return 0;
  });
}

function publicFields(u: User) {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    disabledAt: u.disabledAt?.toISOString() ?? null,
    digestOptIn: u.digestOptIn,
  };
}

export class UserUsageError extends Error {}

/** Disables a user and ends their sessions (audited as `cli`); never the last enabled admin. */
export async function userDisable(
  args: string[],
  io: { out(line: string): void; now?: (() => number) | undefined },
  withStore: WithStore,
) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  if (!values.email) throw new UserUsageError('user disable needs --email.');
  const email = normaliseEmail(values.email);
  return withStore(async (records) => {
    const user = await records.users.byEmail(email);
    if (!user) throw new AccountError(`No user with the email ${email}.`);
    if (user.disabledAt !== null) {
      io.out(`${user.email} was already disabled (${time(user.disabledAt)}); nothing changed.`);
      return 0;
    }
    await disableAccount({ records, now: io.now ?? Date.now }, 'cli', user.id);
    io.out(`Disabled ${user.role} ${user.email} (id ${user.id}); their sessions have ended.`);
    return 0;
  });
}
