// Renders the components with Astro's container API, for the tests. The root vitest project has
// no Astro plugin, so `.astro` files cannot be imported there; instead a Vite server built from
// Astro's own config (`getViteConfig`) compiles them, and `astro/container` is loaded through the
// same server, so the components and the renderer share one Astro runtime. vi.mock cannot reach
// modules that server loads, so it serves `virtual:candor/config` itself, as a live binding the
// tests set with `useConfig`.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CandorConfig } from '@candor/config';
import { getViteConfig } from 'astro/config';
import type { experimental_AstroContainer } from 'astro/container';
import { VIRTUAL_CONFIG_ID } from '../virtual.ts';

/** The part of Vite used here. Vite is Astro's dependency, not this package's, so its types are not in reach. */
interface Vite {
  createServer(config: object): Promise<{
    ssrLoadModule(id: string): Promise<Record<string, unknown>>;
    transformRequest(url: string): Promise<{ code: string } | null>;
    close(): Promise<void>;
  }>;
}
type Container = Awaited<ReturnType<typeof experimental_AstroContainer.create>>;
type Options = Parameters<Container['renderToString']>[1];

export type ComponentName = 'GatedScript' | 'GatedFrame' | 'CookieTable' | 'PolicySections' | 'PrivacyRequestForm';

const RESOLVED_ID = `\0${VIRTUAL_CONFIG_ID}`;

/** The config module: `useConfig` reassigns the binding the components import. */
const configModule = `let config = null;
export function useConfig(next) { config = next; }
export { config as default };
`;

export interface Renderer {
  useConfig(config: CandorConfig | null): Promise<void>;
  render(name: ComponentName, options?: Options): Promise<string>;
  /** What Vite serves for a URL of the dev server, e.g. a component's bundled script. */
  transform(url: string): Promise<string>;
  close(): Promise<void>;
}

export async function createRenderer(): Promise<Renderer> {
  // Vite is Astro's dependency, not this package's: load the copy Astro's plugins are built for.
  const fromAstro = createRequire(createRequire(import.meta.url).resolve('astro'));
  const vite: Vite = await import(pathToFileURL(fromAstro.resolve('vite')).href);
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const plugin = {
    name: 'candor:test-config',
    resolveId: (id: string) => (id === VIRTUAL_CONFIG_ID ? RESOLVED_ID : undefined),
    load: (id: string) => (id === RESOLVED_ID ? configModule : undefined),
  };
  const config = await getViteConfig(
    { plugins: [plugin] },
    {
      root,
      logLevel: 'error',
      // Else dev mode annotates each element with its source file, which a build never writes.
      devToolbar: { enabled: false },
    },
  )({
    mode: 'test',
    command: 'serve',
  });
  const server = await vite.createServer({
    ...config,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const load = (id: string) => server.ssrLoadModule(id);
  const { experimental_AstroContainer: AstroContainer } = (await load('astro/container')) as {
    experimental_AstroContainer: typeof experimental_AstroContainer;
  };
  const container = await AstroContainer.create();
  return {
    async useConfig(next) {
      const module = (await load(VIRTUAL_CONFIG_ID)) as { useConfig(config: CandorConfig | null): void };
      module.useConfig(next);
    },
    async render(name, options) {
      const file = fileURLToPath(new URL(`./${name}.astro`, import.meta.url));
      const component = (await load(file)).default as Parameters<Container['renderToString']>[0];
      return container.renderToString(component, options);
    },
    async transform(url) {
      return (await server.transformRequest(url))?.code ?? '';
    },
    close: () => server.close(),
  };
}
