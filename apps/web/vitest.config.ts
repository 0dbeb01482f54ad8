import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const apiSource = (file: string) => fileURLToPath(new URL(`../api/src/${file}`, import.meta.url));

// `@intake/source` makes workspace packages resolve to their TypeScript sources, so tests never
// run against a stale build.
export default defineConfig({
  resolve: {
    conditions: ['@intake/source'],
    // Until @intake/api exports "./app" and "./config" (the browser test's contract), point the
    // two subpaths at the sources that the @intake/source condition would pick; then remove this.
    alias: {
      '@intake/api/app': apiSource('app.ts'),
      '@intake/api/config': apiSource('config.ts'),
    },
  },
  ssr: { resolve: { conditions: ['@intake/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ when it is missing or older than the sources (bundle and browser tests).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
