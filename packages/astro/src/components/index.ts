// `@candor/astro/components`: the gated-tag components and Candor's generated sections for a
// site's own layout. Astro compiles the `.astro` files; this index only re-exports them.
export { default as CookieTable } from './CookieTable.astro';
export { default as GatedFrame } from './GatedFrame.astro';
export { default as GatedScript } from './GatedScript.astro';
export { default as PolicySections } from './PolicySections.astro';
export { default as PrivacyRequestForm } from './PrivacyRequestForm.astro';
export type { PolicySectionKey } from './sections.ts';
