// The package's source entry: the types of what the tracker sends and of `window.candor`. It
// starts nothing (importing `tracker.ts` would): pages load the built `tracker.js`.
export type { EventBody, Props } from './body.ts';
export type { Candor, EventOptions } from './tracker.ts';
