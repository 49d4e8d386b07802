// `pnpm candor digest send` and `pnpm candor user digest`: the weekly digest by hand.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '@candor/config/node';
import { AccountError, setDigest } from '../admin/accounts.ts';
import { DIGEST_KEY_PURPOSE } from '../admin/digest-link.tsx';
import { parseEnv } from '../env.ts';
import { createFileMailTransport } from '../mail/file-transport.ts';
import { dueWeek, sendWeeklyDigests } from '../reports/digest.ts';
import { isoWeekOf, mondayOfIsoWeek } from '../reports/iso-week.ts';
import { createReports } from '../reports/service.ts';
import { deriveKey, resolveSecret } from '../secrets.ts';
import { openDuckDbEventStore } from '../store/duckdb/events.ts';
import { createDuckDbStats } from '../store/duckdb/reports.ts';
import type { RecordStore } from '../store/records.ts';

interface Io {
  env: Record<string, string | undefined>;
  out(line: string): void;
  now?: () => number;
}

export class DigestUsageError extends Error {}

/**
 * Sends the digest of `--week` (default: last full week) now, even if it went out already. The
 * events database is opened read-write, so stop the gateway first (DuckDB allows one process).
 */
export async function digestSend(
  args: string[],
  io: Io,
  withStore: (run: (r: RecordStore) => Promise<number>) => Promise<number>,
) {
  const { values } = parseArgs({ args, options: { week: { type: 'string' } }, strict: true });
  const now = (io.now ?? Date.now)();
  if (values.week !== undefined && mondayOfIsoWeek(values.week) === undefined) {
    throw new DigestUsageError('--week must be an ISO week such as 2026-W47.');
  }
  const env = parseEnv(io.env);
  const config = await loadConfigFile(env.CANDOR_CONFIG);
  const dataDir = resolve(env.CANDOR_DATA_DIR);
  // The same secret as the gateway's, so each digest's stop link works there.
  const secret = await resolveSecret(env.CANDOR_SECRET, dataDir, env.NODE_ENV === 'production');
  const digestKey = deriveKey(secret.secret, DIGEST_KEY_PURPOSE);
  return withStore(async (records) => {
    const events = await openDuckDbEventStore(join(dataDir, 'events.duckdb'));
    try {
      const stats = await createDuckDbStats(events);
      try {
        const dir = join(dataDir, 'mail');
        const mail = createFileMailTransport({
          dir,
          from: { name: config.company.name, address: config.company.privacyContact },
          logger: { info: (obj) => io.out(`Wrote ${join(dir, obj.file)}`) },
        });
        const week = values.week ?? lastFullWeek(config.sites[0]?.timezone ?? 'UTC', now);
        const sent = await sendWeeklyDigests({
          records,
          reports: createReports(stats),
          config,
          mail,
          now,
          week,
          digestKey,
        });
        io.out(`Sent ${sent} digest message(s) for ${week}.`);
        return 0;
      } finally {
        await stats.close();
      }
    } finally {
      await events.close();
    }
  });
}

/** The week before the current one, whether or not Monday 08:00 has come. */
function lastFullWeek(tz: string, now: number): string {
  return dueWeek(tz, now) ?? isoWeekOf(new Date(now - 7 * 86_400_000).toISOString().slice(0, 10));
}

export async function userDigest(
  args: string[],
  withStore: (run: (r: RecordStore) => Promise<number>) => Promise<number>,
  out: (line: string) => void,
) {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, on: { type: 'boolean' }, off: { type: 'boolean' } },
    strict: true,
  });
  if (!values.email || values.on === values.off)
    throw new DigestUsageError('user digest needs --email and --on or --off.');
  const on = values.on === true;
  const email = values.email.trim().toLowerCase();
  return withStore(async (records) => {
    const user = await records.users.byEmail(email);
    if (!user) throw new AccountError('No user with that email.');
    await setDigest({ records }, 'cli', user.id, on);
    out(`Weekly digest ${on ? 'on' : 'off'} for user ${user.id}.`);
    return 0;
  });
}
