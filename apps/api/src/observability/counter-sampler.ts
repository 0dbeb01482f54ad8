import type { IntakeMetrics } from './metrics.js';
import { type Counters, zeroCounters } from './rolling-window.js';

/**
 * Finished imports, their rows and log lines dropped on the way to Elasticsearch are already
 * counted for Prometheus (import-metrics.ts, elasticsearch-shipper.ts); the rolling window takes
 * what those counters grew by since the last sample instead of hooking the same places twice.
 * With METRICS_ENABLED=false there is nothing to sample and these figures stay 0.
 */
export function counterSampler(metrics: IntakeMetrics | undefined): () => Promise<Counters> {
  let last = zeroCounters();
  return async () => {
    if (!metrics) return zeroCounters();
    const [rows, imports, drops] = await Promise.all([
      metrics.importRows.get(),
      metrics.imports.get(),
      metrics.logShippingDropped.get(),
    ]);
    const sum = (values: Array<{ value: number }>) => values.reduce((s, v) => s + v.value, 0);
    const now: Counters = {
      importRows: sum(rows.values),
      importsSucceeded: sum(imports.values.filter((v) => v.labels.status === 'succeeded')),
      importsFailed: sum(imports.values.filter((v) => v.labels.status === 'failed')),
      logDrops: sum(drops.values),
    };
    const delta = zeroCounters();
    for (const name of Object.keys(now) as Array<keyof Counters>)
      delta[name] = now[name] - last[name];
    last = now;
    return delta;
  };
}
