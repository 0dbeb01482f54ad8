import type { AlertRuleId, AlertRulesOverride, AlertStatus } from '@intake/schema';
import type { WindowView } from './window-view.js';

/** What a rule measures from: the merged request window and the queues right now. */
export interface AlertInputs {
  view: WindowView;
  /** Waiting + delayed jobs; undefined when the queue did not answer. */
  backlog: { fileImports: number | undefined; webhookDeliveries: number | undefined };
}

export interface AlertRule {
  id: AlertRuleId;
  enabled: boolean;
  threshold: number;
  windowSeconds: number;
  forSeconds: number;
  unit: AlertStatus['unit'];
  /** The figure compared with the threshold (fires when above it); null: nothing to measure. */
  measure(inputs: AlertInputs, rule: AlertRule): number | null;
  summary(value: number | null, rule: AlertRule): string;
}

const fmt = (v: number | null, unit: AlertStatus['unit']) =>
  v === null
    ? 'n/a'
    : unit === 'ms'
      ? `${Math.round(v)} ms`
      : unit === 'share'
        ? `${(v * 100).toFixed(2)} %`
        : String(v);
const duration = (s: number) => (s % 60 === 0 ? `${s / 60} min` : `${s} s`);
/** ` for 5 min`, or nothing for a rule that fires at once. */
const held = (s: number) => (s > 0 ? ` for ${duration(s)}` : '');

/**
 * The default rules, the same as deploy/prometheus/intake-alerts.yml (keep them equal: same
 * thresholds, windows and `for` durations), so an install without Prometheus gets the same
 * alerts. Only event-loop lag is Prometheus-only.
 */
const defaults: Array<Omit<AlertRule, 'enabled'>> = [
  {
    id: 'latency_p99',
    threshold: 1000,
    windowSeconds: 300,
    forSeconds: 300,
    unit: 'ms',
    measure: ({ view }, rule) =>
      view.stats((b) => b.overall, [rule.windowSeconds])[0]?.p99Ms ?? null,
    summary: (v, r) =>
      `P99 latency ${fmt(v, r.unit)} (> ${fmt(r.threshold, r.unit)}${held(r.forSeconds)})`,
  },
  {
    id: 'error_rate_5xx',
    threshold: 0.01,
    windowSeconds: 300,
    forSeconds: 300,
    unit: 'share',
    measure: ({ view }, rule) => {
      const stats = view.stats((b) => b.overall, [rule.windowSeconds])[0];
      // As in Prometheus: only with traffic (> 0.1 request/s), so one 500 at night is no alert.
      return stats && stats.qps > 0.1 ? stats.rate5xx : null;
    },
    summary: (v, r) => `5xx rate ${fmt(v, r.unit)} (> ${fmt(r.threshold, r.unit)})`,
  },
  {
    id: 'import_failures',
    threshold: 0,
    windowSeconds: 900,
    forSeconds: 0,
    unit: 'count',
    measure: ({ view }, rule) => view.counter('importsFailed', rule.windowSeconds),
    summary: (v, r) =>
      `${fmt(v, r.unit)} import(s) failed in the last ${duration(r.windowSeconds)}`,
  },
  {
    id: 'import_queue_backlog',
    threshold: 10,
    windowSeconds: 900,
    forSeconds: 900,
    unit: 'count',
    measure: ({ backlog }) => backlog.fileImports ?? null,
    summary: (v, r) =>
      `${fmt(v, r.unit)} file imports waiting (> ${r.threshold}${held(r.forSeconds)})`,
  },
  {
    id: 'webhook_queue_backlog',
    threshold: 100,
    windowSeconds: 900,
    forSeconds: 900,
    unit: 'count',
    measure: ({ backlog }) => backlog.webhookDeliveries ?? null,
    summary: (v, r) =>
      `${fmt(v, r.unit)} webhook deliveries waiting (> ${r.threshold}${held(r.forSeconds)})`,
  },
  {
    id: 'log_shipping_drops',
    threshold: 0,
    windowSeconds: 600,
    forSeconds: 0,
    unit: 'count',
    measure: ({ view }, rule) => view.counter('logDrops', rule.windowSeconds),
    summary: (v, r) =>
      `${fmt(v, r.unit)} log lines not shipped to Elasticsearch in the last ${duration(r.windowSeconds)}`,
  },
];

/** The default rules with ALERT_RULES overrides applied (thresholds, windows, durations). */
export function resolveAlertRules(overrides: AlertRulesOverride = {}): AlertRule[] {
  return defaults.map((d) => {
    const o = overrides[d.id] ?? {};
    return {
      ...d,
      enabled: o.enabled ?? true,
      threshold: o.threshold ?? d.threshold,
      windowSeconds: o.windowSeconds ?? d.windowSeconds,
      forSeconds: o.forSeconds ?? d.forSeconds,
    };
  });
}
