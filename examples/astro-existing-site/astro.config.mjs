// @ts-check
import candor from '@candor/astro';
import { defineConfig } from 'astro/config';

// Marlowe's Bakery: a static site, hosted behind a strict Content-Security-Policy (no inline
// styles or scripts of the site's own), so stylesheets are always emitted as files.
export default defineConfig({
  site: 'https://www.marlowes-bakery.example',
  output: 'static',
  build: { inlineStylesheets: 'never' },
  integrations: [candor({ gateway: process.env.CANDOR_GATEWAY ?? 'https://privacy.example.com', site: 'bakery' })],
});
