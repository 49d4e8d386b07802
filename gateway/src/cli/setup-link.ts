// `pnpm candor setup-link`: a one-time link for the first admin, on request. A production gateway
// prints none at start (its stderr goes to the journal); this signs one with a key derived from
// the master secret, which the running gateway checks. It works only while no user exists.
import { resolve } from 'node:path';
import { loadConfigFile } from '@candor/config/node';
import { importHmacKey } from '../admin/crypto.ts';
import { SETUP_KEY_PURPOSE, SETUP_LINK_TTL_MS, signSetupToken } from '../admin/setup-link.ts';
import { parseEnv } from '../env.ts';
import { publicBaseUrl } from '../public-origin.ts';
import { deriveKey, resolveSecret } from '../secrets.ts';
import type { RecordStore } from '../store/records.ts';
import type { CliIo } from './run.ts';

export async function setupLink(
  io: CliIo,
  withStore: (run: (records: RecordStore) => Promise<number>) => Promise<number>,
): Promise<number> {
  const env = parseEnv(io.env);
  const config = await loadConfigFile(env.CANDOR_CONFIG);
  const dataDir = resolve(env.CANDOR_DATA_DIR);
  const secret = await resolveSecret(env.CANDOR_SECRET, dataDir, env.NODE_ENV === 'production');
  return withStore(async (records) => {
    if ((await records.users.count()) > 0) {
      io.err('A staff account exists already: sign in, or add users with `pnpm candor user add`.');
      return 1;
    }
    const key = await importHmacKey(deriveKey(secret.secret, SETUP_KEY_PURPOSE));
    const token = await signSetupToken(key, (io.now ?? Date.now)());
    io.out(`Open this link within ${SETUP_LINK_TTL_MS / 60_000} minutes to create the first admin:`);
    io.out(`${publicBaseUrl(config)}/admin/setup/${token}`);
    return 0;
  });
}
