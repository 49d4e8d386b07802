// The integration's virtual module, as the components see it when this package is checked on its
// own. `src/virtual.d.ts` cannot serve: beside `src/virtual.ts`, TypeScript takes it for that
// file's emitted declarations and leaves it out of the program. A site gets the same declaration
// from the integration (`injectTypes`).
declare module 'virtual:candor/config' {
  /** The validated Candor config, or null when the integration runs without one (gateway mode). */
  const config: import('@candor/config').CandorConfig | null;
  export default config;
}
