import { type DashboardOutput, healthWindows } from '@intake/schema';
import type { QueueCounts } from '../jobs/queue.js';
import type { HealthRead } from './health-source.js';
import { RELATIVE_ACCURACY } from './latency-sketch.js';
import { WindowView } from './window-view.js';

const SLOWEST = 10;

/** The Health page's figures from the merged buckets, the queues and the alert engine's state. */
export function buildDashboard(input: {
  read: HealthRead;
  now: number;
  bucketMs: number;
  seriesSeconds: number;
  source: 'local' | 'redis';
  note: string | null;
  queues: { fileImports: QueueCounts | undefined; webhookDeliveries: QueueCounts | undefined };
  alerts: Pick<DashboardOutput, 'alerts' | 'alertHistory'>;
}): DashboardOutput {
  const { read, now } = input;
  const view = new WindowView(read.buckets, {
    now,
    bucketMs: input.bucketMs,
    coveredSince: read.coveredSince,
  });
  const longest = Math.max(...healthWindows);
  const keys = view.keys(longest).map((id) => ({
    key: id.slice(2),
    kind: id.startsWith('p:') ? ('procedure' as const) : ('route' as const),
    windows: view.stats((b) => b.keys.get(id), healthWindows),
  }));
  const shortest = Math.min(...healthWindows);
  const slowest = keys
    .map((k) => ({ k, w: k.windows.find((w) => w.windowSeconds === shortest) }))
    .filter(({ w }) => w && w.requests > 0)
    .sort((a, b) => (b.w?.p99Ms ?? 0) - (a.w?.p99Ms ?? 0))
    .slice(0, SLOWEST)
    .map(({ k, w }) => ({
      key: k.key,
      kind: k.kind,
      requests: w?.requests ?? 0,
      p50Ms: w?.p50Ms ?? null,
      p99Ms: w?.p99Ms ?? null,
    }));
  const depth = (c: QueueCounts | undefined) =>
    c ? { waiting: c.waiting, delayed: c.delayed, active: c.active } : null;
  return {
    generatedAt: new Date(now).toISOString(),
    instances: { merged: read.instances, source: input.source, note: input.note },
    bucketSeconds: input.bucketMs / 1000,
    relativeAccuracy: RELATIVE_ACCURACY,
    overall: view.stats((b) => b.overall, healthWindows),
    keys,
    slowest,
    series: view.series(input.seriesSeconds),
    imports: {
      queue: depth(input.queues.fileImports),
      webhookQueue: depth(input.queues.webhookDeliveries),
      windows: healthWindows.map((windowSeconds) => {
        const c = view.counters(windowSeconds);
        const covered = view.coveredSeconds(windowSeconds);
        return {
          windowSeconds,
          rows: c.importRows,
          rowsPerSecond: covered > 0 ? Math.round((c.importRows / covered) * 100) / 100 : 0,
          succeeded: c.importsSucceeded,
          failed: c.importsFailed,
        };
      }),
    },
    ...input.alerts,
  };
}
