import type { Logger } from 'pino';
import type { JobHandler } from '../jobs/queue.js';
import type { IntakeMetrics } from './metrics.js';
import { runWithRequestId } from './request-context.js';

export interface JobObserverOptions<T> {
  queue: string;
  metrics: IntakeMetrics | undefined;
  log: Logger;
  /**
   * The id of the request that caused this job (read from its database row, so it holds in a
   * separate worker process too). Every log line of the job and its outbound calls carry it.
   */
  requestIdOf?: (data: T) => Promise<string | null | undefined>;
  /** Runs after every attempt (success or failure), for domain metrics such as imports. */
  afterAttempt?: (data: T, state: { before: unknown }) => Promise<void>;
  /** Read before the attempt and handed to `afterAttempt` (e.g. the import's status). */
  beforeAttempt?: (data: T) => Promise<unknown>;
}

/**
 * Wraps a job handler: active-job gauge, attempt duration by outcome, one log line per attempt,
 * all inside the originating request id's context. The queue adapters stay unaware of any of it.
 */
export function observeJob<T>(opts: JobObserverOptions<T>, handler: JobHandler<T>): JobHandler<T> {
  const { metrics, queue } = opts;
  return async (job) => {
    const requestId = (await opts.requestIdOf?.(job.data).catch(() => undefined)) ?? undefined;
    const run = async () => {
      const before = await opts.beforeAttempt?.(job.data).catch(() => undefined);
      const started = performance.now();
      metrics?.jobsActive.inc({ queue });
      let outcome: 'ok' | 'error' = 'ok';
      try {
        await handler(job);
      } catch (error) {
        outcome = 'error';
        throw error;
      } finally {
        const seconds = (performance.now() - started) / 1000;
        metrics?.jobsActive.dec({ queue });
        metrics?.jobDuration.observe({ queue, outcome }, seconds);
        opts.log.info(
          {
            job: { queue, id: job.id, attempt: job.attempt, outcome },
            event: { duration: Math.round(seconds * 1e9) },
          },
          'job attempt finished',
        );
        await opts.afterAttempt?.(job.data, { before }).catch((err: unknown) => {
          opts.log.warn({ err }, 'could not record job metrics');
        });
      }
    };
    return requestId ? runWithRequestId({ requestId, mixin: true }, run) : run();
  };
}
