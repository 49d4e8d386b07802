// Builds the banner and enforces its weight budget: what a page loads (one script and the
// stylesheet) must stay within 6,000 bytes gzip -9.
//
// All five locales in one script would not fit, so each locale gets its own complete bundle:
// consent.js / consent.mjs (English, the default) and consent.<locale>.js / .mjs for the others.
//
// It also builds dist/loader.js, the template of the gateway's `GET /candor.js`: the gateway puts
// its settings in place of the placeholder and checks the rendered loader's weight (scripts/weight.mjs).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

export const BUDGET = 6000;
export const LOCALES = ['en', 'de', 'fr', 'es', 'ar'];
/** Must match SETTINGS_PLACEHOLDER in src/loader/settings.ts. */
export const LOADER_PLACEHOLDER = '__CANDOR_SETTINGS__';

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

/** A built file's text, for the build's tests. */
export function readDist(name) {
  return readFile(`${root}dist/${name}`, 'utf8');
}

/** The browser builds load the preference centre on first open (src/ui/lazy-preferences.ts). */
const lazyPreferences = {
  name: 'lazy-preferences',
  setup(build) {
    build.onResolve({ filter: /\/load-preferences\.ts$/ }, () => ({ path: `${root}src/ui/lazy-preferences.ts` }));
  },
};

/**
 * One minified browser bundle of `entry` into `outfile`, with the options every build here shares;
 * `extra` adds to or overrides them. Returns the file and its gzip -9 size.
 */
async function bundleFile(entry, outfile, extra = {}) {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    format: 'iife',
    bundle: true,
    minify: true,
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    ...extra,
  });
  const code = await readFile(`${root}${outfile}`);
  return { file: outfile, bytes: gz(code), code };
}

/** dist/preferences.js: the preference centre, one build for every locale (its texts come from the banner). */
async function buildPreferences() {
  const { file, bytes } = await bundleFile('src/ui/preferences-entry.ts', 'dist/preferences.js');
  return { file, bytes };
}

async function bundle(locale, format) {
  const name = locale === 'en' ? 'consent' : `consent.${locale}`;
  const { file, bytes } = await bundleFile('src/auto.ts', `dist/${name}.${format === 'esm' ? 'mjs' : 'js'}`, {
    format,
    // The ESM build keeps the preference centre: a bundler that imports it splits as it likes.
    plugins: format === 'iife' ? [oneLocale(locale), lazyPreferences] : [oneLocale(locale)],
  });
  return { file, bytes };
}

/** Builds dist/loader.js; the placeholder must survive minification exactly once. */
async function buildLoader() {
  const { file, bytes, code } = await bundleFile('src/loader/index.ts', 'dist/loader.js', {
    // No "use strict" prologue: the code does not depend on it, and it costs bytes.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
  });
  const count = code.toString('utf8').split(LOADER_PLACEHOLDER).length - 1;
  if (count !== 1) throw new Error(`${file} must name ${LOADER_PLACEHOLDER} exactly once, not ${count} times`);
  return { file, bytes };
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
  const loader = await buildLoader();
  const preferences = await buildPreferences();
  return { scripts, css: cssBytes, total: worst, loader, preferences };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { scripts, css, total, loader, preferences } = await build();
  for (const s of [...scripts, loader, preferences])
    console.log(`${s.file.padEnd(22)} ${String(s.bytes).padStart(5)} B gzip -9`);
  console.log(`${'dist/consent.css'.padEnd(22)} ${String(css).padStart(5)} B gzip -9`);
  console.log(
    `${'page total (worst)'.padEnd(22)} ${String(total).padStart(5)} B of ${BUDGET} B (one script + CSS; preferences.js loads on first open)`,
  );
  if (total > BUDGET) {
    console.error(`@candor/consent is over its weight budget: ${total} B > ${BUDGET} B (script + CSS, gzip -9).`);
    process.exit(1);
  }
}
