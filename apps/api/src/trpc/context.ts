import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { IntakeMetrics } from '../observability/metrics.js';
import type { PaymentsService } from '../payments/payments-service.js';
import type { DatasetsService } from '../services/datasets.js';
import type { FileImportsService } from '../services/file-imports.js';
import type { ImportsService } from '../services/imports.js';
import type { WebhooksService } from '../webhooks/webhooks-service.js';

export interface Services {
  imports: ImportsService;
  datasets: DatasetsService;
  payments: PaymentsService;
  webhooks: WebhooksService;
  fileImports: FileImportsService;
}

export interface Context {
  services: Services;
  requestId: string | null;
  log: FastifyBaseLogger;
  /** Procedure metrics (trpc/init.ts); absent in caller tests and with METRICS_ENABLED=false. */
  metrics?: IntakeMetrics | undefined;
}

/** The context without HTTP: what tests and the REST face build for `createCaller`. */
export function createContextInner(opts: Context): Context {
  return opts;
}

export function contextFactory(services: Services, metrics?: IntakeMetrics) {
  return ({ req }: { req: FastifyRequest }): Context =>
    createContextInner({ services, requestId: req.id, log: req.log, metrics });
}
