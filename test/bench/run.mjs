// `pnpm bench [name…]`: runs the named benchmarks (default: all) one after another.
// Each prints its progress on stderr and a JSON report on stdout, with ratios against a
// baseline measured in the same run. Not part of `pnpm test`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const all = ['site', 'ingest', 'reports'];
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${all.join(', ')}`);
    process.exit(2);
  }
  console.error(`\n== bench: ${name}`);
  const script = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  const { status } = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
