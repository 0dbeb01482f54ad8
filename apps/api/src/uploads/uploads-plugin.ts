import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/types.js';
import { FsUploadStore } from './fs-upload-store.js';
import { uploadRoutes } from './routes.js';
import { startSweeper } from './sweeper.js';
import { UploadLocks } from './upload-lock.js';
import type { UploadVerifier } from './upload-verifier.js';
import { uploadsRepo } from './uploads-repo.js';
import { createUploadsService } from './uploads-service.js';

export const UPLOADS_PREFIX = '/api/uploads';

/**
 * Wires tus uploads for one app: files under DATA_DIR/uploads, rows and leases in the database,
 * the routes at /api/uploads and the sweeper (stopped when the app closes); the verifier of
 * whole-file checksums comes from the services, which imports share. Register it with
 * `{ prefix: UPLOADS_PREFIX }`.
 */
export async function uploads(
  app: FastifyInstance,
  opts: { config: Config; db: Kysely<Database>; verifier: UploadVerifier },
) {
  const { config } = opts;
  const store = new FsUploadStore(join(config.dataDir, 'uploads'));
  await store.init();
  const repo = uploadsRepo(opts.db);
  const locks = new UploadLocks(repo, config.uploadLockLeaseSeconds);
  const { verifier } = opts;
  const service = createUploadsService({ repo, store, locks, verifier, limits: config });
  const sweeper = startSweeper({
    repo,
    store,
    locks,
    verifier,
    intervalSeconds: config.uploadSweepIntervalSeconds,
    log: app.log,
  });
  app.addHook('onClose', () => sweeper.stop());
  await uploadRoutes(app, {
    service,
    prefix: UPLOADS_PREFIX,
    maxUploadBytes: config.maxUploadBytes,
  });
}
