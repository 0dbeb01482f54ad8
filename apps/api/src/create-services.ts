import { join } from 'node:path';
import { createHttpClient } from '@intake/http-client';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createAuditLog } from './auth/audit-log.js';
import { createAuthService } from './auth/auth-service.js';
import { createCache } from './cache/create-cache.js';
import type { Config } from './config.js';
import type { CopyRows } from './db/copy-rows.js';
import { FIRST_WORKSPACE_ID } from './db/migrations/0006-accounts.js';
import type { Database } from './db/types.js';
import { type FileImportJob, fileImportRunner } from './imports/file-import-job.js';
import { BullmqQueue } from './jobs/bullmq-queue.js';
import { InProcessQueue } from './jobs/in-process-queue.js';
import type { JobQueue, QueueOptions } from './jobs/queue.js';
import { createHealthMonitor } from './observability/health-monitor.js';
import { importRowReader, recordFinishedImport } from './observability/import-metrics.js';
import { observeJob } from './observability/job-observer.js';
import type { IntakeMetrics } from './observability/metrics.js';
import { observeOutboundFailures, outboundMetricsHooks } from './observability/outbound-hooks.js';
import { currentRequestId } from './observability/request-context.js';
import type { RollingWindow } from './observability/rolling-window.js';
import { createPaymentsService } from './payments/payments-service.js';
import { createPaymentProvider } from './payments/provider-client.js';
import { createDatasetsService } from './services/datasets.js';
import { createFileImportsService } from './services/file-imports.js';
import { createImportsService } from './services/imports.js';
import type { Services } from './trpc/context.js';
import { FsUploadStore } from './uploads/fs-upload-store.js';
import { UploadLocks } from './uploads/upload-lock.js';
import { createUploadVerifier } from './uploads/upload-verifier.js';
import { uploadsRepo } from './uploads/uploads-repo.js';
import { HashWorker } from './uploads/whole-file-hash.js';
import { webhookDeliverer } from './webhooks/deliver.js';
import { createWebhooksService, type DeliveryJob } from './webhooks/webhooks-service.js';

/**
 * Builds every service and the outside resources they use (job queue, outbound HTTP clients)
 * from the config: the one place that decides between the embedded and the scale-out adapters.
 */
export function createServices(deps: {
  config: Config;
  db: Kysely<Database>;
  /** COPY on a transaction's connection (DatabaseHandle.copyRows): file imports load with it. */
  copyRows: CopyRows;
  log: Logger;
  /** Base URL others reach this server at, known once it listens. */
  publicUrl: () => string;
  /** Undefined with METRICS_ENABLED=false. */
  metrics?: IntakeMetrics | undefined;
  /** Request outcomes of this process, fed by the HTTP hooks (observability/rolling-window.ts). */
  healthWindow: RollingWindow;
}) {
  const { config, db, log, metrics } = deps;
  // Hot reads (dataset pages and counts, finished imports): memory, then Redis with REDIS_URL.
  const cache = createCache({ config, log, metrics });
  const queue = <T>(options: QueueOptions): JobQueue<T> =>
    config.redisUrl
      ? new BullmqQueue<T>({
          ...options,
          redisUrl: config.redisUrl,
          prefix: config.redisPrefix,
          lockMs: config.jobLockSeconds * 1000,
        })
      : new InProcessQueue<T>(options);

  const deliveries = queue<DeliveryJob>({
    name: 'webhook-deliveries',
    attempts: config.webhooks.maxAttempts,
    backoffMs: config.webhooks.backoffMs,
  });
  const imports = queue<FileImportJob>({
    name: 'file-imports',
    attempts: config.importAttempts,
    backoffMs: 1000,
  });
  const uploadStore = new FsUploadStore(join(config.dataDir, 'uploads'));
  const uploadRows = uploadsRepo(db);
  const hasher = new HashWorker();
  const uploadVerifier = createUploadVerifier({
    repo: uploadRows,
    store: uploadStore,
    locks: new UploadLocks(uploadRows, config.uploadLockLeaseSeconds),
    hasher,
    log: log.child({ component: 'uploads' }),
  });
  const webhookHttp = observeOutboundFailures(
    createHttpClient({
      timeout: { total: config.webhooks.timeoutMs },
      retry: false,
      logger: log.child({ component: 'webhooks' }),
      // The id of the request or job on whose behalf a delivery goes out.
      requestId: currentRequestId,
      hooks: outboundMetricsHooks(metrics, 'webhooks'),
    }),
    metrics,
    'webhooks',
  );
  const paymentProvider = config.payments
    ? createPaymentProvider(config.payments, log.child({ component: 'payments' }))
    : undefined;

  const webhooks = createWebhooksService({
    db,
    queue: deliveries,
    allowPrivate: config.webhooks.allowPrivate,
  });
  const health = createHealthMonitor({
    settings: config.health,
    window: deps.healthWindow,
    log,
    metrics,
    redis: config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : undefined,
    queues: { fileImports: imports, webhookDeliveries: deliveries },
    // Alerts concern the whole instance: they go to the first workspace's endpoints (the
    // administrators' own, created at setup), never to other tenants.
    notify: (event) =>
      webhooks.emit(
        event.state === 'firing' ? 'alert.firing' : 'alert.resolved',
        event,
        FIRST_WORKSPACE_ID,
      ),
  });
  const services: Services = {
    auth: createAuthService({ db, config: config.auth, publicUrl: deps.publicUrl, cache }),
    audit: createAuditLog({ db, log: log.child({ component: 'audit' }) }),
    imports: createImportsService({
      db,
      maxRowsPerRequest: config.maxRowsPerRequest,
      cache,
      async onFinished(summary) {
        metrics?.imports.inc({ source: 'rows', status: summary.status });
        metrics?.importRows.inc(
          { dataset: summary.dataset, outcome: 'accepted' },
          summary.accepted,
        );
        metrics?.importRows.inc(
          { dataset: summary.dataset, outcome: 'rejected' },
          summary.rejected,
        );
        // The import is committed; a failure to notify must not undo or fail it.
        await webhooks
          .emit(
            summary.status === 'succeeded' ? 'import.succeeded' : 'import.failed',
            summary,
            summary.workspaceId,
          )
          .catch((err: unknown) =>
            log.error({ err, importId: summary.importId }, 'could not queue webhooks'),
          );
      },
    }),
    datasets: createDatasetsService({ db, cache }),
    payments: createPaymentsService({
      db,
      provider: paymentProvider,
      callbackUrl: () => `${deps.publicUrl()}/api/webhooks/payments`,
      cache,
    }),
    webhooks,
    fileImports: createFileImportsService({
      db,
      uploads: uploadVerifier,
      store: uploadStore,
      queue: imports,
    }),
    health,
  };

  if (metrics) {
    metrics.onScrape(async () => {
      for (const [name, q] of [
        ['file-imports', imports],
        ['webhook-deliveries', deliveries],
      ] as const) {
        // A scrape must not hang on a slow Redis: skip the gauge this time instead.
        const counts = await Promise.race([
          q.counts(),
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref()),
        ]).catch(() => undefined);
        if (!counts) continue;
        for (const [state, n] of Object.entries(counts))
          metrics.queueJobs.set({ queue: name, state }, n);
      }
    });
  }
  const readImport = importRowReader(db);

  return {
    services,
    /** The hot-read cache, for other services' lookups (sessions, tokens). */
    cache,
    /** Whole-file checksums of complete uploads (the tus routes start them, imports wait). */
    uploadVerifier,
    /** Runs queued jobs in this process; deliveries left pending by a stop are queued again. */
    async startWorker(): Promise<void> {
      deliveries.process(
        observeJob(
          { queue: 'webhook-deliveries', metrics, log },
          webhookDeliverer({ db, http: webhookHttp, allowPrivate: config.webhooks.allowPrivate }),
        ),
        {
          concurrency: config.workerConcurrency,
        },
      );
      imports.process(
        observeJob(
          {
            queue: 'file-imports',
            metrics,
            log,
            requestIdOf: async ({ importId }) => (await readImport(importId))?.request_id,
            beforeAttempt: async ({ importId }) => (await readImport(importId))?.status,
            afterAttempt: async ({ importId }, { before }) => {
              if (metrics)
                recordFinishedImport(
                  metrics,
                  await readImport(importId),
                  typeof before === 'string' ? before : undefined,
                  'file',
                );
            },
          },
          fileImportRunner({
            db,
            copyRows: deps.copyRows,
            store: uploadStore,
            batchSize: config.importBatchRows,
            log,
            cache,
          }),
        ),
        {
          concurrency: config.importConcurrency,
        },
      );
      const resumed = await webhooks.resumePending();
      if (resumed > 0) log.info({ resumed }, 'queued pending webhook deliveries again');
      const unfinished = await services.fileImports.resumeUnfinished();
      if (unfinished > 0) log.info({ unfinished }, 'resuming unfinished file imports');
    },
    /** Stops taking jobs; a running import stops after its current batch (shutdown, step one). */
    async stopWorker(): Promise<void> {
      await Promise.all([imports.stop(), deliveries.stop()]);
    },
    async close(): Promise<void> {
      // Stops verifications midway: they stay `verifying` and resume at the next start.
      await hasher.close();
      await uploadVerifier.drain();
      await health.close();
      await imports.close();
      await deliveries.close();
      await webhookHttp.close();
      await paymentProvider?.close();
      await cache.close();
    },
  };
}
