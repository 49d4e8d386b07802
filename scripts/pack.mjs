// `node scripts/pack.mjs <outDir> [--no-build | --if-stale]`: builds every package under packages/
// and packs each into <outDir> with `pnpm pack`, as `pnpm publish` would: pnpm swaps in
// `publishConfig.exports` and replaces `workspace:` and `catalog:` specifiers with real versions.
// It prints each tarball's name and size in bytes. `--if-stale` builds only the packages whose
// built files are missing or older than their sources (test/repo/packages.test.ts uses it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The pnpm the repository pins: npx finds it in its cache, so packing works offline after one run.
const PNPM = ['--yes', 'pnpm@10.34.8'];

/** The publishable packages: every folder of packages/ whose manifest is not private. */
export function packageDirs() {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => existsSync(join(path, 'package.json')) && readManifest(path).private !== true)
    .sort();
}

function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Every file a package's packed `exports` points at, wildcard patterns left out. */
export function exportTargets(manifest) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === 'string') {
      if (!value.includes('*')) targets.push(value);
    } else if (value && typeof value === 'object') {
      for (const inner of Object.values(value)) walk(inner);
    }
  };
  walk(manifest.publishConfig?.exports ?? manifest.exports);
  return [...new Set(targets)];
}

/** A package must be built when a packed export target is missing or older than a source file. */
export function isStale(dir) {
  const built = exportTargets(readManifest(dir))
    .filter((target) => !target.startsWith('./src/') && target !== './package.json')
    .map((target) => join(dir, target));
  if (built.some((file) => !existsSync(file))) return true;
  const oldestBuilt = Math.min(...built.map((file) => statSync(file).mtimeMs));
  const sources = [join(dir, 'src'), join(dir, 'build.mjs'), join(dir, 'tsconfig.build.json')];
  return sources.some((path) => newest(path) > oldestBuilt);
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Builds (`build`: true, false or 'stale') and packs every package into `outDir`.
 * @returns each tarball's package name, absolute path and size in bytes, by package name.
 */
export function packAll(outDir, { build = true } = {}) {
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const dirs = packageDirs();
  const toBuild = build === 'stale' ? dirs.filter(isStale) : build ? dirs : [];
  // One recursive run each: the builds go in dependency order, as the root build does.
  if (toBuild.length > 0) pnpm([...filters(toBuild), 'run', 'build'], 'inherit');
  const packed = JSON.parse(pnpm([...filters(dirs), 'pack', '--json', '--pack-destination', out], 'pipe'));
  // pnpm answers an object for one package and an array for several.
  return [packed]
    .flat()
    .map(({ name, filename }) => ({ name, file: filename, bytes: statSync(filename).size }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function filters(dirs) {
  return dirs.flatMap((dir) => ['--filter', `./${relative(root, dir)}`]);
}

function pnpm(args, stdio) {
  return execFileSync('npx', [...PNPM, '-s', '-r', ...args], { cwd: root, stdio, encoding: 'utf8' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, ...flags] = process.argv.slice(2);
  if (!outDir || flags.length > 1 || flags.some((flag) => flag !== '--no-build' && flag !== '--if-stale')) {
    console.error('usage: node scripts/pack.mjs <outDir> [--no-build | --if-stale]');
    process.exit(2);
  }
  const build = flags.includes('--no-build') ? false : flags.includes('--if-stale') ? 'stale' : true;
  for (const { file, bytes } of packAll(outDir, { build })) {
    console.log(`${basename(file).padEnd(30)} ${String(bytes).padStart(7)} B`);
  }
}
