import { z } from 'zod';

/**
 * The operator's Health page (procedure `ops.dashboard`): request latency, error rates and QPS
 * from the API's in-process rolling window, import queue and throughput, and alert states.
 */

/** The windows every figure is given over: the last 5, 15 and 60 minutes. */
export const healthWindows = [300, 900, 3600] as const;

const share = z.number().min(0).max(1);
const ms = z.number().nonnegative().nullable();

/** Request figures over one window (`null` percentiles: no request in it). */
export const windowStats = z.object({
  windowSeconds: z.number().int().positive(),
  /** Seconds the figures really cover: less than the window while the process is younger. */
  coveredSeconds: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  qps: z.number().nonnegative(),
  p50Ms: ms,
  p90Ms: ms,
  p99Ms: ms,
  count4xx: z.number().int().nonnegative(),
  count5xx: z.number().int().nonnegative(),
  /** Shares of all requests in the window, 0..1. */
  rate4xx: share,
  rate5xx: share,
});
export type WindowStats = z.infer<typeof windowStats>;

/** `procedure`: a tRPC procedure call (either face, batched or not); `route`: any other route. */
export const healthKeyKind = z.enum(['procedure', 'route']);

export const keyStats = z.object({
  key: z.string(),
  kind: healthKeyKind,
  windows: z.array(windowStats),
});
export type KeyStats = z.infer<typeof keyStats>;

/** Columnar time series for charts, one point per bucket (t in epoch seconds, bucket start). */
export const healthSeries = z.object({
  t: z.array(z.number()),
  qps: z.array(z.number()),
  p50Ms: z.array(ms),
  p90Ms: z.array(ms),
  p99Ms: z.array(ms),
  rate4xx: z.array(share),
  rate5xx: z.array(share),
});
export type HealthSeries = z.infer<typeof healthSeries>;

export const queueDepth = z.object({
  waiting: z.number().int().nonnegative(),
  delayed: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
});

export const importWindowStats = z.object({
  windowSeconds: z.number().int().positive(),
  /** Rows of imports that finished in the window (accepted + rejected). */
  rows: z.number().int().nonnegative(),
  rowsPerSecond: z.number().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});

export const alertRuleId = z.enum([
  'latency_p99',
  'error_rate_5xx',
  'import_failures',
  'import_queue_backlog',
  'webhook_queue_backlog',
  'log_shipping_drops',
]);
export type AlertRuleId = z.infer<typeof alertRuleId>;

/** Overrides of one alert rule (ALERT_RULES, JSON keyed by rule id). */
export const alertRuleOverride = z
  .object({
    enabled: z.boolean(),
    /** Milliseconds (latency), share 0..1 (error rate), or a count. */
    threshold: z.number().nonnegative(),
    /** The window the rule's figure is computed over. */
    windowSeconds: z.number().int().min(1).max(3600),
    /** How long the condition must hold before the alert fires (0: at once). */
    forSeconds: z.number().int().min(0).max(86_400),
  })
  .partial()
  .strict();
export const alertRulesOverride = z.partialRecord(alertRuleId, alertRuleOverride);
export type AlertRulesOverride = z.infer<typeof alertRulesOverride>;

export const alertState = z.enum(['ok', 'pending', 'firing']);

export const alertStatus = z.object({
  rule: alertRuleId,
  summary: z.string(),
  state: alertState,
  /** The rule's last measured figure (null: nothing to measure) and its threshold. */
  value: z.number().nullable(),
  threshold: z.number(),
  unit: z.enum(['ms', 'share', 'count']),
  windowSeconds: z.number().int(),
  forSeconds: z.number().int(),
  /** When the current state began (ISO), null before the first evaluation. */
  since: z.iso.datetime().nullable(),
});
export type AlertStatus = z.infer<typeof alertStatus>;

/** One transition, as logged and sent as the `alert.firing` / `alert.resolved` webhook. */
export const alertEvent = z.object({
  rule: alertRuleId,
  state: z.enum(['firing', 'resolved']),
  summary: z.string(),
  value: z.number().nullable(),
  threshold: z.number(),
  at: z.iso.datetime(),
});
export type AlertEvent = z.infer<typeof alertEvent>;

export const dashboardInput = z
  .object({
    /** Range of the charts' series. */
    seriesSeconds: z
      .number()
      .int()
      .refine((v) => (healthWindows as readonly number[]).includes(v), {
        error: `must be one of ${healthWindows.join(', ')}`,
      })
      .default(900),
  })
  .default({ seriesSeconds: 900 });

export const dashboardOutput = z.object({
  generatedAt: z.iso.datetime(),
  /** How many API/worker processes' windows were merged; `redis`: through REDIS_URL. */
  instances: z.object({
    merged: z.number().int().nonnegative(),
    source: z.enum(['local', 'redis']),
    note: z.string().nullable(),
  }),
  bucketSeconds: z.number().int().positive(),
  /** Relative accuracy of every percentile (DDSketch): 0.01 means within 1 % of the true value. */
  relativeAccuracy: z.number(),
  overall: z.array(windowStats),
  keys: z.array(keyStats),
  /** Highest P99 over the last 5 minutes first. */
  slowest: z.array(
    z.object({
      key: z.string(),
      kind: healthKeyKind,
      requests: z.number().int(),
      p50Ms: ms,
      p99Ms: ms,
    }),
  ),
  series: healthSeries,
  imports: z.object({
    /** Null when the queue did not answer within a second. */
    queue: queueDepth.nullable(),
    webhookQueue: queueDepth.nullable(),
    windows: z.array(importWindowStats),
  }),
  alerts: z.array(alertStatus),
  /** Newest first, at most 50. */
  alertHistory: z.array(alertEvent),
});
export type DashboardOutput = z.infer<typeof dashboardOutput>;
