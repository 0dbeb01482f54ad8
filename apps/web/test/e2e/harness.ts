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

/** The administrator every test API starts with, unless `withAdmin: false` (setup tests). */
export const admin = { email: 'admin@example.com', password: 'e2e-Pw-4Rt9-quiet-harbor' };

export interface RunningApi {
  baseUrl: string;
  /** `fetch` of a path on the API as the admin, with an API token (no cookie, no CSRF token). */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * Starts the API on a free loopback port; `env` adds to or overrides the test settings. With
 * `withAdmin` (the default) the instance starts with `admin` (INTAKE_ADMIN_EMAIL/PASSWORD);
 * pages then need `signIn` (sign-in.ts) first.
 */
export async function startApi(
  env: Record<string, string> = {},
  { withAdmin = true }: { withAdmin?: boolean } = {},
): Promise<RunningApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'intake-web-e2e-'));
  const adminEnv = withAdmin
    ? { INTAKE_ADMIN_EMAIL: admin.email, INTAKE_ADMIN_PASSWORD: admin.password }
    : {};
  const app = await buildApp(
    loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      WEB_DIST_DIR: webDist,
      LOG_LEVEL: 'warn',
      ...adminEnv,
      ...env,
    }),
  );
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  let token: Promise<string> | undefined;
  return {
    baseUrl,
    fetch: async (path, init = {}) => {
      token ??= issueToken(baseUrl);
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await token}`);
      return fetch(new URL(path, baseUrl), { ...init, headers });
    },
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An API token of the admin, as programs get one (POST /api/auth/token). */
async function issueToken(baseUrl: string): Promise<string> {
  const res = await fetch(new URL('/api/auth/token', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, name: 'web e2e tests' }),
  });
  if (!res.ok) throw new Error(`POST /api/auth/token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
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
