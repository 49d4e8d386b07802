// The integration's hooks, called as Astro calls them, without a build.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HookParameters } from 'astro';
import { afterAll, describe, expect, it, vi } from 'vitest';
import candor from './index.ts';
import { VIRTUAL_CONFIG_ID, type VirtualConfigPlugin } from './virtual.ts';

const demoConfig = fileURLToPath(new URL('../../../candor.config.ts', import.meta.url));
const empty = await mkdtemp(join(tmpdir(), 'candor-astro-root-'));
afterAll(() => rm(empty, { recursive: true, force: true }));

/** Runs `astro:config:setup` for a project at `root`; answers what the integration injected. */
async function setup(options: Parameters<typeof candor>[0], root = empty) {
  const injectScript = vi.fn();
  const updateConfig = vi.fn();
  const params = {
    config: { root: pathToFileURL(`${root}/`), base: '/' },
    command: 'build',
    injectScript,
    updateConfig,
    addWatchFile: vi.fn(),
  } as unknown as HookParameters<'astro:config:setup'>;
  await candor(options).hooks['astro:config:setup']?.(params);
  const plugin = updateConfig.mock.calls[0]?.[0].vite.plugins[0] as VirtualConfigPlugin;
  const virtual = () => {
    const id = plugin.resolveId(VIRTUAL_CONFIG_ID);
    return id === undefined ? undefined : plugin.load(id);
  };
  return { injectScript, virtual };
}

describe('candor() in astro:config:setup', () => {
  it('without a gateway, a project without candor.config.ts is a clear error', async () => {
    await expect(setup({})).rejects.toThrow('@candor/astro: no Candor config: add candor.config.ts');
  });

  it('a config option naming a missing file is a clear error', async () => {
    await expect(setup({ config: './nope.config.ts' })).rejects.toThrow(
      `option "config": no file at ${join(empty, 'nope.config.ts')}`,
    );
  });

  it('a site the config does not have is a clear error', async () => {
    await expect(setup({ config: demoConfig, site: 'elsewhere' })).rejects.toThrow('option "site" is "elsewhere"');
  });

  it('finds ./candor.config.ts in the project root by default', async () => {
    const root = await mkdtemp(join(tmpdir(), 'candor-astro-default-'));
    // The demo config, without its policy file (a path relative to the demo config's own folder).
    const source = `import c from ${JSON.stringify(demoConfig)};\nexport default { ...c, pages: { ...c.pages, policyFile: undefined } };\n`;
    await writeFile(join(root, 'candor.config.ts'), source);
    try {
      const { virtual } = await setup({}, root);
      expect(virtual()).toMatch(/^export default \{"/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('gateway mode needs no config: one head-inline script, and virtual:candor/config is null', async () => {
    const { injectScript, virtual } = await setup({ gateway: 'https://gw.example' });
    expect(injectScript).toHaveBeenCalledTimes(1);
    expect(injectScript.mock.calls[0]?.[0]).toBe('head-inline');
    expect(injectScript.mock.calls[0]?.[1]).toContain('https://gw.example/candor.js');
    expect(virtual()).toBe('export default null;\n');
  });

  it('virtual:candor/config exports the validated config, defaults filled in', async () => {
    const { virtual } = await setup({ config: demoConfig });
    const json = JSON.parse((virtual() ?? '').replace(/^export default /, '').replace(/;\n$/, ''));
    expect(json.sites[0].id).toBeTypeOf('string');
    expect(json.csp).toEqual(expect.objectContaining({ scriptSrc: expect.any(Array) }));
  });
});
