// `virtual:candor/config`: the validated config, for the components and for a site's own pages.
import type { CandorConfig } from '@candor/config';

export const VIRTUAL_CONFIG_ID = 'virtual:candor/config';
const RESOLVED_ID = `\0${VIRTUAL_CONFIG_ID}`;

/** The Vite plugin hooks this needs; a subset of Vite's `Plugin`, so no Vite import is needed. */
export interface VirtualConfigPlugin {
  name: string;
  resolveId(id: string): string | undefined;
  load(id: string): string | undefined;
}

/** Serves the config as JSON (the default export), or `null` when the integration runs without one. */
export function virtualConfigPlugin(config: CandorConfig | null): VirtualConfigPlugin {
  return {
    name: 'candor:virtual-config',
    resolveId: (id) => (id === VIRTUAL_CONFIG_ID ? RESOLVED_ID : undefined),
    load: (id) => (id === RESOLVED_ID ? `export default ${JSON.stringify(config)};\n` : undefined),
  };
}

/**
 * The module's declaration, which `injectTypes` adds to the site's `.astro/` types. It names the
 * type through `@candor/astro`, the one package a site installs.
 */
export const VIRTUAL_CONFIG_TYPES = `declare module '${VIRTUAL_CONFIG_ID}' {
  /** The validated Candor config, or null when the integration runs without one (gateway mode). */
  const config: import('@candor/astro').CandorConfig | null;
  export default config;
}
`;
