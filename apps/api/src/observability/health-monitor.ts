import type { AlertEvent, AlertRulesOverride, DashboardOutput } from '@intake/schema';
import type { Logger } from 'pino';
import type { JobQueue, QueueCounts } from '../jobs/queue.js';

type Counted = Pick<JobQueue<unknown>, 'counts'>;

import { AlertEngine } from './alert-engine.js';
import { resolveAlertRules } from './alert-rules.js';
import { counterSampler } from './counter-sampler.js';
import { buildDashboard } from './dashboard.js';
import { type HealthRead, type HealthSource, LocalHealthSource } from './health-source.js';
import type { IntakeMetrics } from './metrics.js';
import { RedisHealthSource } from './redis-health-source.js';
import { RETENTION_SECONDS, type RollingWindow } from './rolling-window.js';
import { WindowView } from './window-view.js';

export interface HealthSettings {
  bucketSeconds: number;
  alertEvaluationSeconds: number;
  alertRules: AlertRulesOverride;
}

/** A queue's counts, or undefined when it does not answer within a second (Redis away). */
async function countsOf(queue: Counted): Promise<QueueCounts | undefined> {
  return Promise.race([
    queue.counts(),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref()),
  ]).catch(() => undefined);
}

/**
 * The Health page and alerts, with nothing else installed: every `alertEvaluationSeconds` it
 * samples the import/log counters into the window, shares the window through Redis (when
 * REDIS_URL is set) and evaluates the alert rules on the merged figures. `dashboard` answers
 * `ops.dashboard`.
 */
export function createHealthMonitor(deps: {
  settings: HealthSettings;
  window: RollingWindow;
  log: Logger;
  metrics: IntakeMetrics | undefined;
  redis: { url: string; prefix: string } | undefined;
  queues: { fileImports: Counted; webhookDeliveries: Counted };
  notify: (event: AlertEvent) => Promise<void>;
}) {
  const { window, settings } = deps;
  const log = deps.log.child({ component: 'health' });
  const tickMs = settings.alertEvaluationSeconds * 1000;
  const redisSource = deps.redis
    ? new RedisHealthSource(window, {
        redisUrl: deps.redis.url,
        prefix: deps.redis.prefix,
        liveMs: Math.max(3 * tickMs, 15_000),
      })
    : undefined;
  const local = new LocalHealthSource(window);
  const source: HealthSource = redisSource ?? local;
  const engine = new AlertEngine({
    rules: resolveAlertRules(settings.alertRules),
    log,
    notify: deps.notify,
    shared: redisSource && {
      redis: redisSource.redis,
      prefix: deps.redis?.prefix ?? 'intake',
      instanceId: redisSource.instanceId,
      leaseMs: 3 * tickMs,
    },
  });
  const sample = counterSampler(deps.metrics);
  let redisDown = false;

  /** Reads through the source; when Redis fails, this instance alone, saying so. */
  async function read(sinceMs: number): Promise<{ read: HealthRead; note: string | null }> {
    window.addCounters(await sample());
    try {
      await source.publish();
      const result = await source.read(sinceMs);
      if (redisDown) log.info('health: Redis is back, merging every instance again');
      redisDown = false;
      return { read: result, note: null };
    } catch (err) {
      if (!redisDown) log.warn({ err }, 'health: Redis unavailable, showing this instance only');
      redisDown = true;
      return {
        read: await local.read(sinceMs),
        note: 'Redis did not answer: these figures are this instance only.',
      };
    }
  }

  const queueCounts = async () => {
    const [fileImports, webhookDeliveries] = await Promise.all([
      countsOf(deps.queues.fileImports),
      countsOf(deps.queues.webhookDeliveries),
    ]);
    return { fileImports, webhookDeliveries };
  };
  const backlog = (c: QueueCounts | undefined) => (c ? c.waiting + c.delayed : undefined);

  async function tick(): Promise<void> {
    const now = Date.now();
    const longest = Math.max(...engine.rules.map((r) => r.windowSeconds));
    const { read: merged, note } = await read(now - longest * 1000 - window.bucketMs);
    // Alerts need the figures of every instance; on this instance's alone they would be wrong.
    if (note) return;
    const queues = await queueCounts();
    const view = new WindowView(merged.buckets, {
      now,
      bucketMs: window.bucketMs,
      coveredSince: merged.coveredSince,
    });
    await engine.evaluate({
      view,
      backlog: {
        fileImports: backlog(queues.fileImports),
        webhookDeliveries: backlog(queues.webhookDeliveries),
      },
    });
  }

  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((err: unknown) => log.error({ err }, 'health: evaluation failed'))
      .finally(() => {
        running = undefined;
      });
  }, tickMs);
  timer.unref();

  return {
    /** Fed per request (http-observability.ts) and per procedure call (trpc/init.ts). */
    window,
    async dashboard(opts: { seriesSeconds: number }): Promise<DashboardOutput> {
      const now = Date.now();
      const [{ read: merged, note }, queues, alerts] = await Promise.all([
        read(now - RETENTION_SECONDS * 1000 - window.bucketMs),
        queueCounts(),
        engine.snapshot().catch(() => ({ alerts: [], history: [] })),
      ]);
      return buildDashboard({
        read: merged,
        now,
        bucketMs: window.bucketMs,
        seriesSeconds: opts.seriesSeconds,
        source: note ? 'local' : source.kind,
        note:
          note ??
          (source.kind === 'local'
            ? 'This instance only (no REDIS_URL): other processes are not included.'
            : null),
        queues,
        alerts: { alerts: alerts.alerts, alertHistory: alerts.history },
      });
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await running;
      await source.close();
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
