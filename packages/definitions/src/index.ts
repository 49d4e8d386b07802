export * from './collected.ts';
export * from './consent.ts';
export * from './event.ts';
