// Lets `tsc` check the TypeScript files that import `.astro` components (the components' index).
// Astro's own checker (`astro check`) types each component from its Props; plain tsc sees only
// this declaration.
declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}
