import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // `@intake/source` resolves @intake/schema to its TypeScript source, as in every vitest config,
  // so the page validates with exactly the schemas the server uses, without a prior build.
  // Setting `conditions` replaces Vite's defaults, so they are spread back in.
  resolve: { conditions: ['@intake/source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/trpc': api,
      '/api': api,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The chunk graph, read by test/build/bundle.test.ts to measure the initial JS.
    manifest: true,
  },
});
