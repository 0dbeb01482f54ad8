import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@intake/api/app';
import { loadConfig } from '@intake/api/config';
import { type Browser, chromium } from 'playwright-core';

// Shared by the browser tests: the real API (embedded PGlite in a temp dir) serving the built
// page, and Debian's Chromium. dist/ is built by test/global-setup.ts.
const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');

export interface RunningApi {
  baseUrl: string;
  close: () => Promise<void>;
}

/** Starts the API on a free loopback port; `env` adds to or overrides the test settings. */
export async function startApi(env: Record<string, string> = {}): Promise<RunningApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'intake-web-e2e-'));
  const app = await buildApp(
    loadConfig({ PORT: '0', DATA_DIR: dataDir, WEB_DIST_DIR: webDist, LOG_LEVEL: 'warn', ...env }),
  );
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    baseUrl,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
