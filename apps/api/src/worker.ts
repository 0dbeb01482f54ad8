import { buildApp } from './app.js';
import { ConfigError, loadProcessConfig } from './config.js';
import { closeOnSignals } from './shutdown.js';

/**
 * A worker process: runs queued jobs (BullMQ on REDIS_URL) and serves no HTTP. Start as many as
 * the load needs next to API processes started with RUN_WORKER=false.
 */
async function main() {
  const config = loadProcessConfig();
  if (!config.redisUrl) {
    throw new ConfigError(
      'A separate worker needs REDIS_URL: without it jobs run inside the API process.',
    );
  }
  const app = await buildApp({ ...config, runWorker: true });
  closeOnSignals(app, 'worker', config.shutdown);
  await app.ready();
  app.log.info('Intake worker is running');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
