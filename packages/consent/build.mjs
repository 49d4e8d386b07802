// Builds the banner and enforces its weight budget: what a page loads (one script and the
// stylesheet) must stay within 6,000 bytes gzip -9.
//
// All five locales in one script would not fit, so each locale gets its own complete bundle:
// consent.js / consent.mjs (English, the default) and consent.<locale>.js / .mjs for the others.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

export const BUDGET = 6000;
export const LOCALES = ['en', 'de', 'fr', 'es', 'ar'];

const root = fileURLToPath(new URL('.', import.meta.url));
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Replaces src/i18n/all.ts (every locale) with a module that holds only `locale`. */
const oneLocale = (locale) => ({
  name: 'one-locale',
  setup(build) {
    build.onResolve({ filter: /^\.\/all\.ts$/ }, (args) => ({ path: args.resolveDir, namespace: 'one-locale' }));
    build.onLoad({ filter: /.*/, namespace: 'one-locale' }, (args) => ({
      contents: `import { ${locale} } from './${locale}.ts'; export const LOCALES = { ${locale} };`,
      resolveDir: args.path,
      loader: 'ts',
    }));
  },
});

async function bundle(locale, format) {
  const name = locale === 'en' ? 'consent' : `consent.${locale}`;
  const outfile = `dist/${name}.${format === 'esm' ? 'mjs' : 'js'}`;
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/auto.ts'],
    outfile,
    format,
    bundle: true,
    minify: true,
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [oneLocale(locale)],
  });
  return { file: outfile, bytes: gz(await readFile(`${root}${outfile}`)) };
}

/** Builds dist/ and returns the gzip -9 size of each script, of the stylesheet, and the worst page. */
export async function build() {
  const scripts = [];
  for (const locale of LOCALES) {
    scripts.push(await bundle(locale, 'iife'));
    await bundle(locale, 'esm');
  }
  const css = await esbuild.transform(await readFile(`${root}src/consent.css`, 'utf8'), {
    loader: 'css',
    minify: true,
    target: ['chrome105', 'firefox110', 'safari16'],
  });
  await writeFile(`${root}dist/consent.css`, css.code);
  const cssBytes = gz(Buffer.from(css.code));
  const worst = Math.max(...scripts.map((s) => s.bytes)) + cssBytes;
  return { scripts, css: cssBytes, total: worst };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { scripts, css, total } = await build();
  for (const s of scripts) console.log(`${s.file.padEnd(22)} ${String(s.bytes).padStart(5)} B gzip -9`);
  console.log(`${'dist/consent.css'.padEnd(22)} ${String(css).padStart(5)} B gzip -9`);
  console.log(`${'page total (worst)'.padEnd(22)} ${String(total).padStart(5)} B of ${BUDGET} B (one script + CSS)`);
  if (total > BUDGET) {
    console.error(`@candor/consent is over its weight budget: ${total} B > ${BUDGET} B (script + CSS, gzip -9).`);
    process.exit(1);
  }
}
