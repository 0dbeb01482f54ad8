import { ecsFormat } from '@elastic/ecs-pino-format';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config.js';
import { ElasticsearchShipper } from './elasticsearch-shipper.js';
import type { IntakeMetrics } from './metrics.js';
import { redact } from './redaction.js';
import { currentWork } from './request-context.js';

export interface Logging {
  logger: Logger;
  shipper: ElasticsearchShipper | undefined;
  close(): Promise<void>;
}

/** Job lines carry the id of the request that started the work (see request-context.ts). */
function requestIdMixin(): Record<string, string> {
  const work = currentWork();
  return work?.mixin ? { 'trace.id': work.requestId, 'transaction.id': work.requestId } : {};
}

/**
 * The process's one pino logger, handed to Fastify (`loggerInstance`) and from there to services,
 * jobs and http-clients. Production and test: Elastic Common Schema JSON
 * (https://www.elastic.co/guide/en/ecs-logging/nodejs/current/pino.html) on stdout, and to
 * Elasticsearch too when ELASTICSEARCH_URL is set. Development: pino-pretty. `destination`
 * replaces stdout (tests capture lines with it).
 */
export function createLogging(
  config: Config,
  deps: { metrics: IntakeMetrics | undefined; destination?: DestinationStream | undefined },
): Logging {
  if (config.env === 'development' && !deps.destination) {
    const logger = pino({
      level: config.logLevel,
      formatters: { log: (obj) => redact(obj) },
      mixin: requestIdMixin,
      transport: { target: 'pino-pretty' },
    });
    return { logger, shipper: undefined, close: async () => {} };
  }
  const ecs = ecsFormat({ convertErr: true, convertReqRes: false, apmIntegration: false });
  const ecsLog = ecs.formatters?.log ?? ((obj: Record<string, unknown>) => obj);
  const options: LoggerOptions = {
    ...ecs,
    formatters: { ...ecs.formatters, log: (obj) => ecsLog(redact(obj)) },
    level: config.logLevel,
    mixin: requestIdMixin,
    base: { 'service.name': 'intake-api' },
  };
  const out = deps.destination ?? pino.destination({ fd: 1, sync: false });
  const shipper = config.elasticsearch
    ? new ElasticsearchShipper({
        ...config.elasticsearch,
        metrics: deps.metrics,
        warn: (message) => process.stderr.write(`${message}\n`),
      })
    : undefined;
  const logger = shipper
    ? pino(
        options,
        pino.multistream([
          { stream: out, level: config.logLevel === 'silent' ? 'fatal' : config.logLevel },
          { stream: shipper, level: config.logLevel === 'silent' ? 'fatal' : config.logLevel },
        ]),
      )
    : pino(options, out);
  return {
    logger,
    shipper,
    async close() {
      await shipper?.close();
      if (!deps.destination && 'flushSync' in out) {
        try {
          (out as { flushSync(): void }).flushSync();
        } catch {
          // Not ready yet (nothing written): nothing to flush.
        }
      }
    },
  };
}
