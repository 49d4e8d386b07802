// Builders for tests: a fresh app over in-memory stores, with its log lines captured.

import { createHash } from 'node:crypto';
import { parseConfig } from '@candor/config';
import demo from '../../candor.config.ts';
import type { AdminDeps } from './admin/routes.ts';
import { type AnalyticsOptions, createAnalytics } from './analytics/index.ts';
import { type AppDeps, createApp } from './app.ts';
import { createLogger } from './log/logger.ts';
import { createScryptHasher } from './node/scrypt.ts';
import { createMemorySiteAssets } from './site/assets.ts';
import { createMemoryEventStore, type MemoryEventStore } from './store/memory/events.ts';
import { createMemoryRecordStore } from './store/memory/records.ts';
import { createLinkKeys } from './unsubscribe/keys.ts';

export const demoConfig = parseConfig(demo, 'candor.config.ts');

/** The secret of test apps (never used outside tests) and the link keys derived from it. */
export const TEST_SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const testLinkKeys = await createLinkKeys([TEST_SECRET]);

export const testSite = {
  '/index.html': '<!doctype html><html lang="en"><script>window.x=1</script><main>Home</main></html>',
  '/features/index.html': '<!doctype html><main>Features</main>',
  '/404.html': '<!doctype html><main>Page not found</main>',
  '/_astro/app.3f9a1c.css': `main{color:#111}${' '.repeat(600)}`,
  '/favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

export const sha256: AnalyticsOptions['hash'] = (input) => createHash('sha256').update(input).digest('base64url');

/** Test IPs with a known country; everything else is unknown. */
export const testCountries: Record<string, string> = { '203.0.113.10': 'DE', '198.51.100.20': 'FR' };

/** scrypt at a test cost (N=2^10): the same code path as production, a hundred times faster. */
export const testPasswords = createScryptHasher({ N: 2 ** 10, r: 8, p: 1 });

/** Admin deps for tests: fast hashing, a fixed CSRF key, the real clock unless `now` is given. */
export function testAdmin(overrides: Partial<AdminDeps> = {}): AdminDeps {
  return { passwords: testPasswords, csrfKey: new Uint8Array(32).fill(7), ...overrides };
}

export function testApp(overrides: Partial<AppDeps> = {}, analytics: Partial<AnalyticsOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const events: MemoryEventStore = createMemoryEventStore();
  const deps: AppDeps = {
    config: demoConfig,
    logger,
    records: createMemoryRecordStore(),
    events,
    analytics: createAnalytics({
      config: demoConfig,
      store: events,
      logger,
      hash: sha256,
      country: (ip) => testCountries[ip] ?? '',
      ...analytics,
    }),
    site: createMemorySiteAssets(testSite),
    trustProxy: false,
    // Tests name the peer with a header, so rate limits can be exercised per client.
    remoteAddress: (c) => c.req.header('x-test-peer') ?? '192.0.2.1',
    admin: testAdmin(),
    links: testLinkKeys,
    ...overrides,
  };
  return { app: createApp(deps), deps, events, logs: () => lines.join('') };
}
