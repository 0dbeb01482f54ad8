import { defineConfig } from 'vitest/config';

// `@intake/source` makes workspace packages resolve to their TypeScript sources, so tests never
// run against a stale build.
export default defineConfig({
  resolve: { conditions: ['@intake/source'] },
  ssr: { resolve: { conditions: ['@intake/source'] } },
  test: { include: ['test/**/*.test.ts'] },
});
