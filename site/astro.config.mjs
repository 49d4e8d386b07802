// @ts-check
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig, passthroughImageService } from 'astro/config';

const configPackage = fileURLToPath(new URL('../packages/config/', import.meta.url));

/**
 * `src/lib/candor.ts` loads candor.config.ts through @candor/config/node, which uses jiti. jiti
 * loads its transpiler from files beside its own module, so it breaks once bundled. The
 * dependencies of @candor/config (jiti, zod) are not resolvable from the site's own folder, so Vite
 * would bundle them: import them from where they are installed instead.
 * @type {import('vite').Plugin}
 */
const runConfigDependenciesFromNodeModules = {
  name: 'candor:run-config-dependencies-from-node-modules',
  apply: 'build',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!importer?.startsWith(configPackage) || !isBareImport(source)) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved && { id: pathToFileURL(resolved.id).href, external: true };
  },
};

/**
 * A third-party package import. Workspace packages (`@candor/*`, TypeScript sources) are bundled:
 * Node cannot import their `.ts` files at run time.
 * @param {string} source
 */
function isBareImport(source) {
  return (
    /^[@a-z]/i.test(source) &&
    !source.startsWith('node:') &&
    !source.startsWith('astro:') &&
    !source.startsWith('@candor/')
  );
}

// A static site with no client-side JavaScript. The gateway serves `dist/` behind a strict
// Content-Security-Policy, so nothing here may emit inline styles, scripts or external resources.
export default defineConfig({
  site: 'http://localhost:8080',
  output: 'static',
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    // Always emit CSS as files: each inline <style> element would need its own CSP hash.
    inlineStylesheets: 'never',
  },
  // Shiki writes `style="…"` attributes into highlighted code, which the CSP forbids.
  markdown: { syntaxHighlight: false },
  // No astro:assets: the site has no raster images, and sharp is installed without its binary.
  image: { service: passthroughImageService() },
  devToolbar: { enabled: false },
  vite: {
    plugins: [runConfigDependenciesFromNodeModules],
    // Never inline assets as data: URLs: the CSP allows scripts from 'self' only.
    build: { assetsInlineLimit: 0 },
  },
});
