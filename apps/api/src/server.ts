import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { ConfigError, loadProcessConfig } from './config.js';
import { closeOnSignals } from './shutdown.js';

/** Starts the API on the configured port and closes it cleanly on SIGINT/SIGTERM. */
async function main() {
  const config = loadProcessConfig();
  const app = await buildApp(config);
  closeOnSignals(app, 'server', config.shutdown);
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  app.log.info(
    { database: config.databaseUrl ? 'postgres' : `pglite (${config.dataDir})` },
    `Intake is ready at http://${host}:${port}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
