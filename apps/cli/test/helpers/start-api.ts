import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@intake/api/app';
import { loadConfig } from '@intake/api/config';

export interface RunningApi {
  app: Awaited<ReturnType<typeof buildApp>>;
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/** The real API on embedded PGlite in a fresh data folder, on a free loopback port. */
export async function startApi(): Promise<RunningApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'intake-cli-api-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    PORT: '0',
  });
  const app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
