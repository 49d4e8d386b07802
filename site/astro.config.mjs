// @ts-check
import { resolve } from 'node:path';
import candor from '@candor/astro';
import { defineConfig, passthroughImageService } from 'astro/config';

// The demo company's config: CANDOR_CONFIG if set (relative to where the command was started, as
// for the gateway), else candor.config.ts at the workspace root.
const config = process.env.CANDOR_CONFIG
  ? resolve(process.env.INIT_CWD ?? process.cwd(), process.env.CANDOR_CONFIG)
  : '../candor.config.ts';

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
  // The gateway serves this site, so the banner, its config and the tracker are embedded from the
  // same origin: Consent Mode defaults first, on every page.
  integrations: [candor({ config })],
  vite: {
    // Never inline assets as data: URLs: the CSP allows scripts from 'self' only.
    build: { assetsInlineLimit: 0 },
  },
});
