// Types of the integration's virtual module, for the components in this package and for sites that
// reference them (`/// <reference types="@candor/astro/client" />`); the integration also injects
// the same declaration into a site's `.astro/` types.
declare module 'virtual:candor/config' {
  /** The validated Candor config, or null when the integration runs without one (gateway mode). */
  const config: import('@candor/config').CandorConfig | null;
  export default config;
}
