// The banner, its stylesheet and preference centre, and the tracker, as a same-origin build
// serves them: read from the packages' built files and put under `/_candor/<version>/`.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CandorConfig } from '@candor/config';
import { assetExports, assetVersion } from '@candor/consent/loader/assets';
import { CandorIntegrationError } from './options.ts';

export interface CandorAssets {
  /** A short hash of every file's name and content: a new build of any of them gets a new URL. */
  version: string;
  /** File name (`consent.js`, `consent.de.js`, `consent.css`, `preferences.js`, `tracker.js`) → bytes. */
  files: ReadonlyMap<string, Uint8Array>;
}

/** @throws CandorIntegrationError naming the package when one of its files is missing (not built). */
export async function readAssets(config: CandorConfig): Promise<CandorAssets> {
  const require = createRequire(import.meta.url);
  const files = new Map<string, Uint8Array>();
  for (const [name, specifier] of Object.entries(assetExports(config.locales)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      files.set(name, new Uint8Array(await readFile(require.resolve(specifier))));
    } catch (error) {
      throw new CandorIntegrationError(`cannot read ${specifier}: ${(error as Error).message}`);
    }
  }
  // The gateway's `/_candor/<version>/` route versions the same files the same way, so a gateway
  // serving this build answers these URLs with these very files.
  const entries = [...files].map(([name, bytes]) => ({ name, bytes }));
  return { version: assetVersion(entries, (bytes) => createHash('sha256').update(bytes).digest()), files };
}

/** Writes every file to `<outDir>/_candor/<version>/<name>`. */
export async function writeAssets(assets: CandorAssets, outDir: string): Promise<void> {
  const dir = join(outDir, '_candor', assets.version);
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of assets.files) await writeFile(join(dir, name), bytes);
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** `astro dev`'s stand-in for the built files: answers `<base>_candor/<version>/<name>`, passes on the rest. */
export function assetMiddleware(assets: CandorAssets, base: string): Middleware {
  const prefix = `${base}_candor/${assets.version}/`;
  return (req, res, next) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const bytes = path.startsWith(prefix) ? assets.files.get(path.slice(prefix.length)) : undefined;
    if (!bytes || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.statusCode = 200;
    res.setHeader('content-type', path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    res.setHeader('content-length', String(bytes.byteLength));
    res.setHeader('cache-control', 'no-cache');
    res.end(req.method === 'HEAD' ? undefined : bytes);
  };
}
