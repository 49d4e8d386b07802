// What Candor itself does to fulfil a request: answer from its own stores, build the export
// package, erase. The officer's workflow (`workflow.ts`) calls these.
export { type EraseCounts, eraseRequester } from './erase.ts';
export { type BuiltExport, buildAndStoreExport } from './export.ts';
export { answerFromOwnStores, type SourceAnswer } from './own-stores.ts';
