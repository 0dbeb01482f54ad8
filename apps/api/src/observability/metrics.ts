import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** 1 ms .. 10 s: the range between a cached read and a request worth an alert. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Imports and jobs run from a second to many minutes. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

export const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;

/**
 * Every Prometheus series Intake exports, in one registry per app (tests run several apps in one
 * process). Names follow https://prometheus.io/docs/practices/naming/: `intake_` prefix, base
 * units (seconds, bytes), `_total` on counters. Labels are bounded sets only: route patterns or
 * procedure paths, methods, status classes, error codes, hosts of configured peers — never ids.
 */
export class IntakeMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'intake_http_request_duration_seconds',
    help: 'HTTP request duration by route (tRPC procedure path or route pattern), method and status class',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly procedureCalls = new Counter({
    name: 'intake_trpc_calls_total',
    help: 'tRPC procedure calls (both faces) by procedure, type and outcome (OK or the error appCode)',
    labelNames: ['procedure', 'type', 'code'] as const,
    registers: [this.registry],
  });

  readonly procedureDuration = new Histogram({
    name: 'intake_trpc_procedure_duration_seconds',
    help: 'tRPC procedure run time (inside the batch, without transport) by procedure and type',
    labelNames: ['procedure', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly importRows = new Counter({
    name: 'intake_import_rows_total',
    help: 'Rows of finished imports by dataset and outcome (accepted or rejected)',
    labelNames: ['dataset', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly importDuration = new Histogram({
    name: 'intake_import_duration_seconds',
    help: 'Wall time of finished imports, from start to end, by source (rows, file) and status',
    labelNames: ['source', 'status'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly imports = new Counter({
    name: 'intake_imports_total',
    help: 'Finished imports by source and status (succeeded, failed, cancelled)',
    labelNames: ['source', 'status'] as const,
    registers: [this.registry],
  });

  readonly uploadBytes = new Counter({
    name: 'intake_upload_bytes_total',
    help: 'Bytes received by accepted tus upload requests',
    registers: [this.registry],
  });

  readonly jobsActive = new Gauge({
    name: 'intake_jobs_active',
    help: 'Jobs running in this process, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'intake_job_duration_seconds',
    help: 'Run time of one job attempt by queue and outcome (ok, error)',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'intake_queue_jobs',
    help: 'Jobs in a queue by state (waiting, delayed, active; failed kept with BullMQ), read at scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly outboundDuration = new Histogram({
    name: 'intake_outbound_request_duration_seconds',
    help: 'Outbound HTTP attempts by peer host, client and outcome (status class, or error code on retry)',
    labelNames: ['client', 'host', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly logShippingDropped = new Counter({
    name: 'intake_log_shipping_dropped_total',
    help: 'Log lines not delivered to Elasticsearch (buffer full, or refused after retries)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly logShippingBuffered = new Gauge({
    name: 'intake_log_shipping_buffered',
    help: 'Log lines waiting for Elasticsearch in this process',
    registers: [this.registry],
  });

  readonly cacheHits = new Counter({
    name: 'intake_cache_hits_total',
    help: 'Cache reads answered by a tier (memory, redis), by cache region',
    labelNames: ['cache', 'tier'] as const,
    registers: [this.registry],
  });

  readonly cacheMisses = new Counter({
    name: 'intake_cache_misses_total',
    help: 'Cache reads a tier (memory, redis) could not answer, by cache region',
    labelNames: ['cache', 'tier'] as const,
    registers: [this.registry],
  });

  readonly cacheLoads = new Counter({
    name: 'intake_cache_loads_total',
    help: 'Values loaded from the database on a cache miss or bypass (one per key at a time), by cache region',
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });

  readonly cacheBypass = new Counter({
    name: 'intake_cache_bypass_total',
    help: 'Reads sent straight to the database because the shared cache was unusable, by cache region and reason',
    labelNames: ['cache', 'reason'] as const,
    registers: [this.registry],
  });

  readonly cacheInvalidations = new Counter({
    name: 'intake_cache_invalidations_total',
    help: 'Cache groups dropped after a write, made here (local) or announced by another process (peer)',
    labelNames: ['origin'] as const,
    registers: [this.registry],
  });

  readonly cacheRedisUp = new Gauge({
    name: 'intake_cache_redis_up',
    help: '1 while the shared cache tier (Redis) is usable by this process, 0 while reads bypass it',
    registers: [this.registry],
  });

  constructor() {
    // Process CPU, memory, handles, GC and event-loop lag (nodejs_eventloop_lag_* seconds).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  /** Reads gauges that come from elsewhere (queue depth) at scrape time. */
  readonly #collectors: Array<() => Promise<void>> = [];

  onScrape(collect: () => Promise<void>): void {
    this.#collectors.push(collect);
  }

  async render(): Promise<string> {
    await Promise.allSettled(this.#collectors.map((c) => c()));
    return this.registry.metrics();
  }
}
