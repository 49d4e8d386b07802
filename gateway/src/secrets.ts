import { hkdfSync, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvError } from './env.ts';

export const SECRET_FILE = 'secret';

/**
 * The master secret: `CANDOR_SECRET` when set. In development only, a random one is generated
 * once into the data dir (mode 0600) and reused, so tokens stay valid across restarts.
 */
export async function resolveSecret(
  fromEnv: string | undefined,
  dataDir: string,
  production: boolean,
): Promise<{ secret: string; source: 'env' | 'file' | 'generated' }> {
  if (fromEnv) return { secret: fromEnv, source: 'env' };
  if (production) {
    throw new EnvError('CANDOR_SECRET is required when NODE_ENV=production (e.g. `openssl rand -base64 32`)');
  }
  const file = join(dataDir, SECRET_FILE);
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length >= 32) return { secret, source: 'file' };
    throw new EnvError(`${file} holds a secret shorter than 32 characters; delete it to generate a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  // 'wx' never overwrites: two processes racing on first start cannot end with different secrets.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  await chmod(file, 0o600);
  const stored = (await readFile(file, 'utf8')).trim();
  return { secret: stored, source: 'generated' };
}

/**
 * A 32-byte key for one purpose, derived from the master secret with HKDF-SHA-256, so each use
 * (CSRF tokens, link signing, hashing pepper) has its own key and none reveals another.
 *
 * @example
 * const csrfKey = deriveKey(secret, 'admin csrf');
 */
export function deriveKey(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'candor', `candor:${purpose}`, 32));
}
