// `pnpm start`: build whatever is missing or older than its sources, then run the gateway (site
// and API on one port). `pnpm dev` (--watch) also rebuilds and restarts the gateway on changes.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTargets, staleness } from './build-targets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const watch = process.argv.includes('--watch');
const config = resolve(process.env.CANDOR_CONFIG ?? join(root, 'candor.config.ts'));
const targets = buildTargets(root, config);

for (const target of targets) {
  const reason = staleness(target);
  if (reason === undefined) continue;
  console.error(`Building the ${target.name} (${reason})…`);
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
