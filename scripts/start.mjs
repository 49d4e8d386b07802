// `pnpm start`: build whatever is missing or older than its sources, then run the gateway (site
// and API on one port). `pnpm dev` (--watch) also rebuilds and restarts the gateway on changes.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const watch = process.argv.includes('--watch');
const config = resolve(process.env.CANDOR_CONFIG ?? join(root, 'candor.config.ts'));
const shared = [join(root, 'packages'), config];

// In dependency order: the site embeds the banner's and the tracker's builds.
const targets = [
  {
    name: 'consent banner',
    output: join(root, 'packages/consent/dist/consent.js'),
    inputs: [join(root, 'packages/consent/src'), join(root, 'packages/consent/build.mjs')],
    cwd: join(root, 'packages/consent'),
    args: ['build.mjs'],
  },
  {
    name: 'tracker',
    output: join(root, 'packages/tracker/dist/tracker.js'),
    inputs: [join(root, 'packages/tracker/src'), join(root, 'packages/tracker/build.mjs')],
    cwd: join(root, 'packages/tracker'),
    args: ['build.mjs'],
  },
  {
    name: 'site',
    output: join(root, 'site/dist/index.html'),
    inputs: [join(root, 'site/src'), join(root, 'site/public'), join(root, 'site/astro.config.mjs'), ...shared],
    cwd: join(root, 'site'),
    args: [join(root, 'site/node_modules/astro/astro.js'), 'build'],
  },
  {
    name: 'gateway',
    output: join(root, 'gateway/dist/main.js'),
    inputs: [join(root, 'gateway/src'), join(root, 'gateway/build.mjs'), ...shared],
    cwd: join(root, 'gateway'),
    args: ['build.mjs'],
  },
];

for (const target of targets) {
  const built = mtime(target.output);
  if (built !== 0 && newest(target.inputs) <= built) continue;
  console.error(`Building the ${target.name} (${built === 0 ? 'not built yet' : 'sources changed'})…`);
  const env = { ...process.env, CANDOR_CONFIG: config };
  const result = spawnSync(process.execPath, target.args, { cwd: target.cwd, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\nThe ${target.name} build failed; see the messages above.`);
    process.exit(result.status ?? 1);
  }
}

const main = join(root, 'gateway/dist/main.js');
if (watch) {
  const builder = spawn(process.execPath, ['build.mjs', '--watch'], { cwd: join(root, 'gateway'), stdio: 'inherit' });
  const gateway = spawn(process.execPath, ['--enable-source-maps', '--watch-path=gateway/dist', main], {
    cwd: root,
    stdio: 'inherit',
  });
  gateway.on('exit', (code) => {
    builder.kill('SIGTERM');
    process.exit(code ?? 0);
  });
  // Pass a stop on to both children, so none is left running without its parent.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      builder.kill('SIGTERM');
      gateway.kill(signal);
    });
  }
} else {
  process.setSourceMapsEnabled(true);
  await import(main);
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time under the given files and folders (node_modules and dist skipped). */
function newest(paths) {
  let max = 0;
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (!stat.isDirectory()) {
      max = Math.max(max, stat.mtimeMs);
      continue;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      max = Math.max(max, newest([join(path, entry.name)]));
    }
  }
  return max;
}
