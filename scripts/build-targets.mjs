// What `pnpm start` builds and what the outside-in suites need built: each output and the sources
// it is built from. A target is stale when a source is newer than its output.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** In dependency order: the site embeds the banner's and the tracker's builds. */
export function buildTargets(root, config) {
  const shared = [join(root, 'packages'), config];
  return [
    {
      name: 'consent banner',
      // The last file build.mjs writes (after the banners, the stylesheet and the loader).
      output: join(root, 'packages/consent/dist/preferences.js'),
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
}

/** Why a target must be built: 'not built yet', 'sources changed', or undefined when it is current. */
export function staleness(target) {
  const built = mtime(target.output);
  if (built === 0) return 'not built yet';
  return newest(target.inputs) > built ? 'sources changed' : undefined;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The newest modification time under the given paths. Skipped: node_modules, dist, tests, and what
 * tools write beside sources (Astro's `.astro` types, test fixtures' builds), none of which is built from.
 */
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
      if (!/\.test\.ts$/.test(path)) max = Math.max(max, stat.mtimeMs);
      continue;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.astro', 'test-fixtures'].includes(entry.name)) continue;
      max = Math.max(max, newest([join(path, entry.name)]));
    }
  }
  return max;
}
