import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { adminEnv, signInOwner } from './credentials.js';
import type { DatabaseMode } from './database-modes.js';

export interface RunningApi {
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  url: string;
  /** The test admin's API token (the helpers' default caller). */
  token: string;
  close(): Promise<void>;
}

/**
 * Builds the real app on its own database and listens on a free loopback port. `build` reaches
 * buildApp (e.g. a log destination); `beforeListen` may add test-only routes.
 */
export async function startApi(
  mode: DatabaseMode,
  env: Record<string, string> = {},
  extra: {
    build?: BuildOptions;
    beforeListen?: (app: FastifyInstance) => void;
    /** false: a fresh instance with no account (the setup form's case); token is then ''. */
    signIn?: boolean;
  } = {},
): Promise<RunningApi> {
  const storage = await mode.prepare();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...(extra.signIn === false ? {} : adminEnv),
    ...storage.env,
    ...env,
  });
  const app = await buildApp(config, extra.build);
  extra.beforeListen?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    token: extra.signIn === false ? '' : await signInOwner(url),
    async close() {
      await app.close();
      await storage.cleanup();
    },
  };
}
