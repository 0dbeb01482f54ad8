import { newSketch, type Sketch, type SketchJson, sketchToJson } from './latency-sketch.js';

/** The longest window the dashboard shows; older buckets are dropped. */
export const RETENTION_SECONDS = 3600;

/** Request outcomes of one key in one bucket: count, 4xx, 5xx, latency sketch (ms). */
export interface Cell {
  n: number;
  c4: number;
  c5: number;
  sketch: Sketch;
}
export type CellJson = [number, number, number, SketchJson];

/** Running totals sampled into buckets (finished imports, rows, log lines dropped). */
export const counterNames = [
  'importRows',
  'importsSucceeded',
  'importsFailed',
  'logDrops',
] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Record<CounterName, number>;

/** One time bucket of one instance. Keys are `p:<procedure>` or `r:<route>`. */
export interface Bucket {
  start: number;
  overall: Cell;
  keys: Map<string, Cell>;
  counters: Counters;
}
/** A bucket as one instance publishes it to Redis. */
export interface BucketJson {
  start: number;
  overall: CellJson;
  keys: Record<string, CellJson>;
  counters: Counters;
}

export const newCell = (): Cell => ({ n: 0, c4: 0, c5: 0, sketch: newSketch() });
export const zeroCounters = (): Counters => ({
  importRows: 0,
  importsSucceeded: 0,
  importsFailed: 0,
  logDrops: 0,
});

function add(cell: Cell, ms: number, status: number): void {
  cell.n += 1;
  if (status >= 500) cell.c5 += 1;
  else if (status >= 400) cell.c4 += 1;
  cell.sketch.accept(Math.max(0, ms));
}

/**
 * The dashboard's own traffic (the Health page polling `ops.*`) and Prometheus scrapes are
 * monitoring, not load: counting them would show a busy server when nobody uses it.
 */
export const isMonitoring = (key: string): boolean =>
  key.startsWith('ops.') || key.startsWith('/api/ops/') || key === '/metrics';

/** The web app's built files count as one route (@fastify/static registers one per file). */
const routeKey = (route: string): string =>
  route.startsWith('/assets/') ? 'r:/assets/*' : `r:${route}`;

/**
 * Request outcomes of this process in fixed time buckets aligned to the epoch (so the buckets of
 * several instances line up for merging). Memory is bounded: at most RETENTION_SECONDS /
 * bucketSeconds + 1 buckets, each with one cell per procedure or route pattern that had traffic
 * in it; keys are bounded sets (procedure paths, route patterns, `unmatched`), never URLs.
 */
export class RollingWindow {
  readonly bucketMs: number;
  readonly startedAt: number;
  readonly #buckets: Bucket[] = [];
  readonly #now: () => number;

  constructor(opts: { bucketSeconds: number; now?: () => number }) {
    this.bucketMs = opts.bucketSeconds * 1000;
    this.#now = opts.now ?? Date.now;
    this.startedAt = this.#now();
  }

  /** One HTTP request, as answered (http-observability.ts): overall, and per non-tRPC route. */
  recordRequest(route: string, isProcedureRoute: boolean, ms: number, status: number): void {
    if (isMonitoring(route)) return;
    const bucket = this.#current();
    add(bucket.overall, ms, status);
    // tRPC procedures are counted per call by `recordProcedure`, batched calls included.
    if (!isProcedureRoute) add(this.#cell(bucket, routeKey(route)), ms, status);
  }

  /** One tRPC procedure call on either face (trpc/init.ts), with its answer's HTTP status. */
  recordProcedure(path: string, ms: number, status: number): void {
    if (isMonitoring(path)) return;
    add(this.#cell(this.#current(), `p:${path}`), ms, status);
  }

  addCounters(delta: Partial<Counters>): void {
    const counters = this.#current().counters;
    for (const name of counterNames) counters[name] += delta[name] ?? 0;
  }

  /** Buckets newer than `sinceMs` (bucket start), oldest first. */
  buckets(sinceMs = 0): Bucket[] {
    this.#prune();
    return this.#buckets.filter((b) => b.start >= sinceMs);
  }

  toJson(bucket: Bucket): BucketJson {
    const cellJson = (c: Cell): CellJson => [c.n, c.c4, c.c5, sketchToJson(c.sketch)];
    return {
      start: bucket.start,
      overall: cellJson(bucket.overall),
      keys: Object.fromEntries([...bucket.keys].map(([k, c]) => [k, cellJson(c)])),
      counters: { ...bucket.counters },
    };
  }

  #cell(bucket: Bucket, key: string): Cell {
    let cell = bucket.keys.get(key);
    if (!cell) {
      cell = newCell();
      bucket.keys.set(key, cell);
    }
    return cell;
  }

  #current(): Bucket {
    const start = Math.floor(this.#now() / this.bucketMs) * this.bucketMs;
    const last = this.#buckets.at(-1);
    if (last?.start === start) return last;
    const bucket: Bucket = { start, overall: newCell(), keys: new Map(), counters: zeroCounters() };
    this.#buckets.push(bucket);
    this.#prune();
    return bucket;
  }

  #prune(): void {
    const oldest = this.#now() - RETENTION_SECONDS * 1000 - this.bucketMs;
    while (this.#buckets.length > 0 && (this.#buckets[0]?.start ?? 0) < oldest)
      this.#buckets.shift();
  }
}
