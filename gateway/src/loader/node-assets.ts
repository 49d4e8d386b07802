// Reads the built banner, stylesheet, tracker and loader template from the workspace packages'
// dist folders, and turns them into the LoaderAssets the routes serve. Node only: main.ts,
// scripts/weight.mjs and tests call it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { CandorConfig } from '@candor/config';
import { assetExports, assetVersion, type Sha256 } from '@candor/consent/loader/assets';
import type { Bytes } from '../site/assets.ts';
import type { LoaderAssets, LoaderFile } from './assets.ts';
import { loaderSettings, renderLoader } from './settings.ts';

/** The built files, before versioning: the loader template and each versioned file by name. */
export interface LoaderSources {
  template: string;
  files: Record<string, Bytes>;
}

/** @throws Error naming the package to build when a dist file is missing. */
export async function readLoaderSources(config: CandorConfig): Promise<LoaderSources> {
  const require = createRequire(import.meta.url);
  const read = async (specifier: string) => {
    try {
      return new Uint8Array(await readFile(require.resolve(specifier)));
    } catch (error) {
      throw new Error(`${specifier} is not built (run \`pnpm build\`): ${(error as Error).message}`);
    }
  };
  const files: Record<string, Bytes> = {};
  for (const [name, specifier] of Object.entries(assetExports(config.locales))) files[name] = await read(specifier);
  const template = new TextDecoder().decode(await read('@candor/consent/loader.js'));
  return { template, files };
}

const sha256: Sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** Versions (as an Astro build does, so either can serve the other's URLs), renders and precompresses the sources. */
export function buildLoaderAssets(config: CandorConfig, sources: LoaderSources): LoaderAssets {
  const entries = Object.entries(sources.files).map(([name, bytes]) => ({ name, bytes }));
  const version = assetVersion(entries, sha256);
  const files = new Map<string, LoaderFile>();
  for (const { name, bytes } of entries.sort((a, b) => (a.name < b.name ? -1 : 1)))
    files.set(name, toFile(name, bytes));
  const loader = toFile(
    'candor.js',
    new TextEncoder().encode(renderLoader(sources.template, loaderSettings(config, version))),
  );
  return { version, loader, files };
}

export async function loadLoaderAssets(config: CandorConfig): Promise<LoaderAssets> {
  return buildLoaderAssets(config, await readLoaderSources(config));
}

function toFile(name: string, body: Bytes): LoaderFile {
  const file: LoaderFile = {
    body,
    contentType: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
    etag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
  };
  const gzip = gzipSync(body, { level: 9 });
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  if (gzip.byteLength < body.byteLength) file.gzip = new Uint8Array(gzip);
  if (br.byteLength < body.byteLength) file.br = new Uint8Array(br);
  return file;
}
