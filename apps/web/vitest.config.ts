import { defineConfig } from 'vitest/config';

// `@intake/source` makes workspace packages resolve to their TypeScript sources, so tests never
// run against a stale build.
export default defineConfig({
  resolve: { conditions: ['@intake/source'] },
  ssr: { resolve: { conditions: ['@intake/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ when it is missing or older than the sources (bundle and browser tests).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each browser test file runs an API and a Chromium; several at once on a 2-core machine
    // starve each other into timeouts. The unit tests are fast, so one file at a time costs little.
    fileParallelism: false,
  },
});
