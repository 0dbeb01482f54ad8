import { defineConfig } from 'vitest/config';

// `@intake/source` makes workspace packages resolve to their TypeScript sources, so tests never
// run against a stale build.
export default defineConfig({
  resolve: { conditions: ['@intake/source'] },
  ssr: { resolve: { conditions: ['@intake/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Embedded Postgres starts in about a second, several on a loaded 2-core machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
