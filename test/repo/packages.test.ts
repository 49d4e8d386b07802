import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTargets, type PackedTarball, packAll, packageDirs } from '../../scripts/pack.mjs';
import { root } from '../support/paths.ts';

// A company installs Candor's packages from tarballs like these, so each one must stand alone: no
// workspace-only specifier, every export it names shipped, types for every TypeScript entry, and
// no import of a package it does not declare. The tarballs are the real `pnpm pack` output.

interface Manifest {
  name: string;
  version?: string;
  private?: boolean;
  license?: string;
  files?: string[];
  repository?: { type: string; url: string; directory: string };
  exports?: Record<string, unknown>;
  publishConfig?: { exports?: Record<string, unknown> };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface Unpacked {
  tarball: PackedTarball;
  dir: string;
  manifest: Manifest;
  text: string;
  files: string[];
}

const PACKAGES = [
  '@candor/astro',
  '@candor/config',
  '@candor/consent',
  '@candor/definitions',
  '@candor/mail-links',
  '@candor/policy',
  '@candor/tracker',
];

const readJson = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const workspace = packageDirs().map((dir) => ({ dir, manifest: readJson(join(dir, 'package.json')) }));

/** Every file under `base`, as a path relative to it. */
function filesUnder(base: string, dir = base): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(base, path) : [relative(base, path)];
  });
}

/** The conditional targets of an export (`{ types, default }`), or none for a plain file export. */
function conditions(value: unknown): Record<string, string> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, string>) : undefined;
}

/** The specifiers a module imports: `from '…'`, `import '…'` and `import('…')`. */
function specifiers(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

/** The packages a module imports, by name. */
export function importedPackages(code: string): string[] {
  return specifiers(code)
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !s.startsWith('virtual:'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s)));
}

let out: string;
const unpacked = new Map<string, Unpacked>();

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'candor-pack-'));
  // Builds only what is missing or stale: after `pnpm build` this is packing alone.
  for (const tarball of packAll(join(out, 'tarballs'), { build: 'stale' })) {
    const dir = join(out, basename(tarball.file, '.tgz'));
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('tar', ['-xzf', tarball.file, '-C', dir]);
    const text = readFileSync(join(dir, 'package/package.json'), 'utf8');
    unpacked.set(tarball.name, {
      tarball,
      dir: join(dir, 'package'),
      manifest: JSON.parse(text) as Manifest,
      text,
      files: filesUnder(join(dir, 'package')),
    });
  }
}, 240_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const packed = (name: string): Unpacked => {
  const entry = unpacked.get(name);
  if (!entry) throw new Error(`${name} was not packed`);
  return entry;
};

describe('the packed tarballs', () => {
  it('are one per publishable package', () => {
    expect([...unpacked.keys()].sort()).toEqual(PACKAGES);
    for (const { tarball } of unpacked.values()) expect(statSync(tarball.file).size).toBe(tarball.bytes);
  });

  it.each(PACKAGES)('%s: the manifest holds no workspace: or catalog: specifier', (name) => {
    expect(packed(name).text).not.toMatch(/workspace:|catalog:/);
  });

  it.each(PACKAGES)('%s: the manifest is public, licensed, versioned and lists its files', (name) => {
    const { manifest } = packed(name);
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\//);
  });

  it.each(PACKAGES)('%s: ships its README, the root LICENSE and no test file', (name) => {
    const { dir, files } = packed(name);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    expect(files.filter((file) => /\.test\.ts$|(^|\/)test-[^/]*\.ts$/.test(file))).toEqual([]);
  });

  it.each(PACKAGES)('%s: exports are the publishConfig ones, and every target is in the tarball', (name) => {
    const { dir, manifest, files } = packed(name);
    const source = workspace.find((entry) => entry.manifest.name === name)?.manifest;
    expect(manifest.exports).toEqual(source?.publishConfig?.exports);
    for (const target of exportTargets(manifest)) expect(existsSync(join(dir, target)), target).toBe(true);
    // A wildcard export must match at least one shipped file.
    for (const value of Object.values(manifest.exports ?? {})) {
      if (typeof value !== 'string' || !value.includes('*')) continue;
      const [prefix = '', suffix = ''] = value.slice(2).split('*');
      expect(
        files.some((file) => file.startsWith(prefix) && file.endsWith(suffix)),
        value,
      ).toBe(true);
    }
  });

  it.each(PACKAGES)('%s: every module export has types, and its JavaScript beside them', (name) => {
    const { manifest } = packed(name);
    const modules = Object.entries(manifest.exports ?? {}).flatMap(([key, value]) => {
      const target = conditions(value);
      return target ? [[key, target] as const] : [];
    });
    expect(modules.map(([key]) => key)).toContain('.');
    for (const [key, target] of modules) {
      expect(target.types, key).toMatch(/\.d\.ts$|^\.\/src\/.*\.ts$/);
      expect(target.default, key).toBeDefined();
    }
  });

  it.each(PACKAGES)('%s: built JavaScript imports only .js files and declared packages', (name) => {
    const { dir, manifest, files } = packed(name);
    const declared = new Set([
      name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    const modules = files.filter((file) => /^dist\/.*\.js$|^src\/.*\.(ts|astro)$/.test(file));
    for (const file of modules.filter((file) => file.endsWith('.js'))) {
      // `./x.ts` must have become `./x.js`: Node cannot load a .ts import from node_modules.
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/from\s*['"]\.{1,2}\/[^'"]*\.ts['"]/);
    }
    for (const file of modules) {
      const code = readFileSync(join(dir, file), 'utf8');
      const undeclared = importedPackages(code).filter((pkg) => !declared.has(pkg));
      expect(undeclared, file).toEqual([]);
      const missing = specifiers(code)
        .filter((specifier) => specifier.startsWith('.'))
        .filter((specifier) => !files.includes(join(dirname(file), specifier)));
      expect(missing, `${file} imports files the tarball lacks`).toEqual([]);
    }
  });

  it('@candor/astro names astro as a peer and ships its .astro components', () => {
    const { manifest, files } = packed('@candor/astro');
    expect(manifest.peerDependencies?.astro).toMatch(/^\^5\./);
    expect(files.some((file) => /^src\/components\/[^/]+\.astro$/.test(file))).toBe(true);
  });

  it('internal dependencies become the exact workspace versions', () => {
    const versions = new Map(workspace.map(({ manifest }) => [manifest.name, manifest.version]));
    for (const { manifest } of unpacked.values()) {
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dep.startsWith('@candor/')) expect(range, `${manifest.name} → ${dep}`).toBe(versions.get(dep));
      }
    }
  });
});

describe('the workspace manifests', () => {
  it.each(workspace.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))(
    '%s keeps its workspace exports on the sources and publishes the built files',
    (_name, dir, manifest) => {
      expect(manifest.scripts?.build).toBeDefined();
      expect(manifest.repository?.directory).toBe(relative(root, dir));
      const published = manifest.publishConfig?.exports ?? {};
      for (const [key, value] of Object.entries(manifest.exports ?? {})) {
        expect(Object.keys(published), key).toContain(key);
        const target = conditions(published[key]);
        // In the workspace a TypeScript entry points at its source; packed, at its build.
        if (typeof value === 'string' && value.endsWith('.ts') && !value.startsWith('./src/components/')) {
          expect(target?.default, key).toMatch(/^\.\/dist\/.*\.js$/);
          expect(target?.types, key).toMatch(/^\.\/dist\/.*\.d\.ts$/);
        }
      }
      // The README starts with install and use: its first code block installs the package.
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(readme.startsWith(`# ${manifest.name}\n`)).toBe(true);
      expect(readme.match(/```\w*\n([^`]*)```/)?.[1]).toContain(`npm install ${manifest.name}`);
    },
  );
});

describe('importedPackages', () => {
  it.each([
    ["import { a } from '@candor/config';", ['@candor/config']],
    ["import { b } from '@candor/consent/loader';", ['@candor/consent']],
    ["export * from './local.js'; import 'node:fs';", []],
    ["const m = await import('jiti/native');", ['jiti']],
    ["import {\n  x,\n} from 'zod';", ['zod']],
    ["import config from 'virtual:candor/config';", []],
  ])('%s → %j', (code, expected) => {
    expect(importedPackages(code)).toEqual(expected);
  });
});
