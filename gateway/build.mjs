// Bundles the gateway into dist/ for `pnpm start`. Workspace packages (@candor/*) are bundled
// from source; third-party packages stay external and load from node_modules at run time.
// `--watch` rebuilds on every change (used by `pnpm dev`).
import { build, context } from 'esbuild';

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: ['src/main.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  // The admin pages are Hono JSX, rendered on the server.
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-node-modules',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@candor/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
};

if (process.argv.includes('--watch')) {
  const ctx = await context({ ...options, logLevel: 'info' });
  await ctx.watch();
} else {
  const started = performance.now();
  await build(options);
  console.log(`gateway built in ${Math.round(performance.now() - started)} ms`);
}
