// Builds the tracker and enforces its weight budget: dist/tracker.js must stay within 1,000 bytes
// gzip -9. Every feature pays for itself in bytes, so this check runs on every build.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

export const BUDGET = 1000;
export const OUTFILE = 'dist/tracker.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Builds dist/tracker.js (IIFE, minified) and returns its size, raw and gzip -9. */
export async function build() {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/tracker.ts'],
    outfile: OUTFILE,
    format: 'iife',
    bundle: true,
    minify: true,
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    // No "use strict" prologue: the code does not depend on it, and it costs bytes.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
  });
  const code = await readFile(`${root}${OUTFILE}`);
  return { file: OUTFILE, raw: code.length, bytes: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { file, raw, bytes } = await build();
  console.log(`${file}  ${raw} B raw, ${bytes} B gzip -9 of ${BUDGET} B`);
  if (bytes > BUDGET) {
    console.error(`@candor/tracker is over its weight budget: ${bytes} B > ${BUDGET} B (gzip -9).`);
    process.exit(1);
  }
}
