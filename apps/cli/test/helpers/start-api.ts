import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@intake/api/app';
import { loadConfig } from '@intake/api/config';

/** The account every test API starts with (INTAKE_ADMIN_EMAIL / INTAKE_ADMIN_PASSWORD). */
export const admin = { email: 'admin@example.com', password: 'cli-Pw-7Kq2-silver-lake' };

export interface RunningApi {
  app: Awaited<ReturnType<typeof buildApp>>;
  /** http://127.0.0.1:PORT */
  url: string;
  /** An API token of the admin, for the test's own requests (the CLI logs in by itself). */
  token: string;
  /** `fetch` of a path on the API, as the admin (Bearer token). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Exchanges email and password for a token, as `intake login` does. */
export async function issueToken(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'cli tests' }),
  });
  if (!res.ok) throw new Error(`POST /api/auth/token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The real API on embedded PGlite in a fresh data folder, on a free loopback port. */
export async function startApi(): Promise<RunningApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'intake-cli-api-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    PORT: '0',
    INTAKE_ADMIN_EMAIL: admin.email,
    INTAKE_ADMIN_PASSWORD: admin.password,
  });
  const app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  const token = await issueToken(url, admin.email, admin.password);
  return {
    app,
    url,
    token,
    fetch: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: {
          ...Object.fromEntries(new Headers(init.headers)),
          authorization: `Bearer ${token}`,
        },
      }),
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
