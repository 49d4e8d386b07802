import { defineConfig } from 'vitest/config';

// One runner for every suite. Unit tests sit beside their code; test/ drives the built system.
export default defineConfig({
  test: {
    // Two workers even on 2 cores: the integration and e2e files mostly wait on a gateway child
    // process or the browser, so a second worker cut the local run from 292 s to 209 s.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'gateway/src/**/*.test.ts', 'test/repo/**/*.test.ts'],
          // A hang detector, not a speed check: beside the integration loops on 2 cores, a store
          // test doing 60 small transactions once took over the default 5 s.
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/require-build.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/require-build.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
