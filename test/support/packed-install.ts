import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { root } from './paths.ts';

// A company's install of Candor, as close to the real one as this machine allows: the packages
// packed into tarballs (as they would be published), an Astro site copied far from the
// workspace (so nothing resolves through its node_modules or its pnpm links), installed with
// plain npm and built with the site's own Astro. Nothing is cached between runs but npm's cache.

/** Generous bounds: a first npm install of astro on a cold cache takes about a minute here. */
const TIMEOUTS = { pack: 240_000, install: 300_000, build: 180_000 };

export interface PackedBuild {
  /** The temp folder holding everything: `tarballs/` and `site/`. */
  dir: string;
  /** The installed copy of the example. */
  site: string;
  /** `site/dist`, the built output. */
  dist: string;
  /** Absolute paths of the tarballs that were installed. */
  tarballs: string[];
  /** Milliseconds each step took, for the report. */
  timings: { pack: number; install: number; build: number };
  /** The combined output of every step, for a failing assertion's message. */
  log: string;
  cleanup(): Promise<void>;
}

export interface PackedBuildOptions {
  /** The example's folder, relative to the repo root. */
  example: string;
  /** Extra environment for `astro build` (e.g. CANDOR_GATEWAY). */
  env?: Record<string, string>;
}

/** Packs the packages, installs them into a copy of `example` outside the workspace and builds it. */
export async function buildFromTarballs({ example, env = {} }: PackedBuildOptions): Promise<PackedBuild> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'candor-packed-')));
  // Installing inside the checkout would let Node find the workspace's own packages.
  if (!relative(root, dir).startsWith('..')) throw new Error(`temp dir ${dir} is inside the repo ${root}`);
  const tarballDir = join(dir, 'tarballs');
  const site = join(dir, 'site');
  const timings = { pack: 0, install: 0, build: 0 };
  let log = '';
  const step = async (name: keyof typeof timings, run: () => Promise<string>) => {
    const start = performance.now();
    log += `\n## ${name}\n${await run()}`;
    timings[name] = Math.round(performance.now() - start);
  };
  const cleanup = () => rm(dir, { recursive: true, force: true });

  try {
    await mkdir(tarballDir);
    await step('pack', () => pack(tarballDir));
    const tarballs = (await readdir(tarballDir)).filter((f) => f.endsWith('.tgz')).map((f) => join(tarballDir, f));
    if (!tarballs.some((t) => basename(t).startsWith('candor-astro-'))) {
      throw new Error(`no @candor/astro tarball was packed; ${tarballDir} holds: ${tarballs.map((t) => basename(t))}`);
    }

    await cp(join(root, example), site, {
      recursive: true,
      filter: (src) => !/[\\/](node_modules|dist|\.astro)$|package-lock\.json$/.test(src),
    });
    // One npm install: the tarballs (the user's `npm install @candor/astro` and, since nothing is
    // published, the packages it depends on) plus everything the site's package.json lists.
    await step('install', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], site, TIMEOUTS.install),
    );
    await step('build', () => run('npx', ['--no', 'astro', 'build'], site, TIMEOUTS.build, env));
    return { dir, site, dist: join(site, 'dist'), tarballs, timings, log, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * The packaging script, as a release would run it. It builds only stale packages: after
 * `pnpm build` (as in `pnpm test` and CI) it writes nothing in the workspace, so suites running
 * beside this one never see a package's dist half rewritten.
 */
function pack(out: string): Promise<string> {
  return run(process.execPath, ['scripts/pack.mjs', out, '--if-stale'], root, TIMEOUTS.pack);
}

/**
 * Runs a command to completion within `timeoutMs`, resolving with its output. It fails with the
 * command, the reason and the output's tail, which is what a reader of a red CI run needs.
 * The parent's npm_* variables (set when tests run under `pnpm test`) are dropped: they would
 * point npm at the workspace's settings rather than a user's.
 */
function run(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|INIT_CWD$|PNPM_)/i.test(key)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const shown = `\`${[command, ...args].map((a) => a.split(sep).slice(-2).join(sep)).join(' ')}\` in ${cwd}`;
    const timer = setTimeout(() => {
      // The whole group: npx and npm start children of their own.
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone between the timer firing and the kill.
      }
      reject(new Error(`${shown} did not finish in ${timeoutMs / 1000} s:\n${output.slice(-6000)}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${shown} could not start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${shown} exited with ${code ?? signal}:\n${output.slice(-6000)}`));
    });
  });
}
