// One real `astro build` of a one-page fixture in each mode: what a company's site gets.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'astro';
import { afterAll, describe, expect, it } from 'vitest';
import { scriptHash } from './csp.ts';
import candor, { type CandorCsp, CSP_FILE } from './index.ts';

const root = fileURLToPath(new URL('../test-fixtures/basic/', import.meta.url));
const demoConfig = fileURLToPath(new URL('../../../candor.config.ts', import.meta.url));
// Inside the working directory: for an outDir outside it, Astro stages its server build in <cwd>/.astro.
await mkdir(join(root, 'dist'), { recursive: true });
const temp = await mkdtemp(join(root, 'dist', 'build-'));
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
  await rmdir(join(root, 'dist')).catch(() => {});
});

async function buildFixture(name: string, options: Parameters<typeof candor>[0]) {
  const outDir = join(temp, name);
  await build({
    root,
    outDir,
    cacheDir: join(temp, `${name}-cache`),
    logLevel: 'error',
    devToolbar: { enabled: false },
    integrations: [candor(options)],
  });
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const csp: CandorCsp = JSON.parse(await readFile(join(outDir, CSP_FILE), 'utf8'));
  // The inline scripts as the gateway (and a browser) hash them: each one's text between the tags.
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attrs = '']) => !/\bsrc=/.test(attrs))
    .map(([, , text = '']) => text);
  return { outDir, html, csp, inline };
}

describe('astro build with candor()', () => {
  it('same origin: one inline head script, its hash in candor-csp.json, and the banner and tracker files in /_candor/<version>/', async () => {
    const { outDir, html, csp, inline } = await buildFixture('same-origin', { config: demoConfig });
    expect(inline).toHaveLength(1);
    const script = inline[0] ?? '';
    expect(html.indexOf(script)).toBeLessThan(html.indexOf('</head>'));
    expect(script).toContain("gtag('consent','default'");
    expect(csp.scriptSrc[0]).toBe(scriptHash(script));
    expect(csp.connectSrc).toContain("'self'");
    expect(csp.header).toContain(`script-src 'self' ${scriptHash(script)}`);

    const version = /\/_candor\/([0-9a-f]{10})\/consent\.js/.exec(script)?.[1];
    expect(version).toBeDefined();
    const files = await readdir(join(outDir, '_candor', version ?? ''));
    expect(files).toEqual(expect.arrayContaining(['consent.js', 'consent.css', 'preferences.js', 'tracker.js']));
    for (const url of script.match(/\/_candor\/[0-9a-f]{10}\/[\w.]+/g) ?? [])
      expect(existsSync(join(outDir, url))).toBe(true);
  }, 90_000);

  it('gateway mode: the inline script loads <gateway>/candor.js, and the CSP names the gateway', async () => {
    const gateway = 'https://privacy.example.com';
    const { outDir, csp, inline } = await buildFixture('gateway', { gateway, config: demoConfig });
    expect(inline).toHaveLength(1);
    const script = inline[0] ?? '';
    expect(script).toContain(`${gateway}/candor.js`);
    expect(csp.scriptSrc.slice(0, 2)).toEqual([scriptHash(script), gateway]);
    expect(csp.connectSrc[0]).toBe(gateway);
    expect(csp.styleSrc).toEqual([gateway]);
    expect(existsSync(join(outDir, '_candor'))).toBe(false);
  }, 90_000);
});
