import { defineConfig } from 'vitest/config';

// `@intake/source` makes workspace packages resolve to their TypeScript sources, so tests never
// run against a stale build.
export default defineConfig({
  resolve: { conditions: ['@intake/source'] },
  ssr: { resolve: { conditions: ['@intake/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Embedded Postgres starts in a few seconds on a loaded 2-core machine; each CLI run is a
    // child process compiling TypeScript with tsx.
    hookTimeout: 60_000,
    testTimeout: 60_000,
  },
});
