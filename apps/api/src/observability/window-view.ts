import type { HealthSeries, WindowStats } from '@intake/schema';
import { percentiles } from './latency-sketch.js';
import {
  type Bucket,
  type Cell,
  type CounterName,
  type Counters,
  counterNames,
  newCell,
  zeroCounters,
} from './rolling-window.js';

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Figures over the last N seconds of a set of buckets (one instance's, or several merged). A
 * window takes every bucket that overlaps it, so with 10 s buckets "the last 5 minutes" is the
 * last 300-310 s; QPS divides by the seconds covered, which right after a start is less than the
 * window.
 */
export class WindowView {
  readonly #newestFirst: Bucket[];

  constructor(
    buckets: Bucket[],
    private readonly opts: { now: number; bucketMs: number; coveredSince: number },
  ) {
    this.#newestFirst = [...buckets].sort((a, b) => b.start - a.start);
  }

  #inWindow(b: Bucket, windowSeconds: number): boolean {
    return b.start + this.opts.bucketMs > this.opts.now - windowSeconds * 1000;
  }

  coveredSeconds(windowSeconds: number): number {
    const since = Math.max(this.opts.coveredSince, this.opts.now - windowSeconds * 1000);
    return Math.max(0, (this.opts.now - since) / 1000);
  }

  /** Stats of one key (or the overall cell) over each window, in one pass over the buckets. */
  stats(cellOf: (b: Bucket) => Cell | undefined, windows: readonly number[]): WindowStats[] {
    const sorted = [...windows].sort((a, b) => a - b);
    const acc = newCell();
    const out = new Map<number, WindowStats>();
    let i = 0;
    for (const windowSeconds of sorted) {
      for (; i < this.#newestFirst.length; i++) {
        const bucket = this.#newestFirst[i] as Bucket;
        if (!this.#inWindow(bucket, windowSeconds)) break;
        const cell = cellOf(bucket);
        if (!cell) continue;
        acc.n += cell.n;
        acc.c4 += cell.c4;
        acc.c5 += cell.c5;
        if (cell.sketch.count > 0) acc.sketch.merge(cell.sketch);
      }
      out.set(windowSeconds, this.#toStats(acc, windowSeconds));
    }
    return windows.map((w) => out.get(w) as WindowStats);
  }

  #toStats(cell: Cell, windowSeconds: number): WindowStats {
    const covered = this.coveredSeconds(windowSeconds);
    return {
      windowSeconds,
      coveredSeconds: round(covered, 1),
      requests: cell.n,
      qps: covered > 0 ? round(cell.n / covered) : 0,
      ...percentiles(cell.sketch),
      count4xx: cell.c4,
      count5xx: cell.c5,
      rate4xx: cell.n > 0 ? round(cell.c4 / cell.n) : 0,
      rate5xx: cell.n > 0 ? round(cell.c5 / cell.n) : 0,
    };
  }

  /** Every key that had traffic in the longest window. */
  keys(windowSeconds: number): string[] {
    const keys = new Set<string>();
    for (const b of this.#newestFirst) {
      if (!this.#inWindow(b, windowSeconds)) break;
      for (const k of b.keys.keys()) keys.add(k);
    }
    return [...keys].sort();
  }

  counters(windowSeconds: number): Counters {
    const sum = zeroCounters();
    for (const b of this.#newestFirst) {
      if (!this.#inWindow(b, windowSeconds)) break;
      for (const name of counterNames) sum[name] += b.counters[name];
    }
    return sum;
  }

  counter(name: CounterName, windowSeconds: number): number {
    return this.counters(windowSeconds)[name];
  }

  /** One point per bucket over the last `windowSeconds`, empty buckets included (as zero). */
  series(windowSeconds: number): HealthSeries {
    const { bucketMs, now } = this.opts;
    const byStart = new Map(this.#newestFirst.map((b) => [b.start, b]));
    const series: HealthSeries = {
      t: [],
      qps: [],
      p50Ms: [],
      p90Ms: [],
      p99Ms: [],
      rate4xx: [],
      rate5xx: [],
    };
    const last = Math.floor(now / bucketMs) * bucketMs;
    const first = last - Math.ceil((windowSeconds * 1000) / bucketMs - 1) * bucketMs;
    for (let start = first; start <= last; start += bucketMs) {
      if (start + bucketMs <= this.opts.coveredSince) continue;
      const cell = byStart.get(start)?.overall ?? newCell();
      // The current bucket is still filling: its rate is over the seconds it has run.
      const seconds = Math.max(1, Math.min(bucketMs, now - start)) / 1000;
      const p = percentiles(cell.sketch);
      series.t.push(start / 1000);
      series.qps.push(round(cell.n / seconds));
      series.p50Ms.push(p.p50Ms);
      series.p90Ms.push(p.p90Ms);
      series.p99Ms.push(p.p99Ms);
      series.rate4xx.push(cell.n > 0 ? round(cell.c4 / cell.n) : 0);
      series.rate5xx.push(cell.n > 0 ? round(cell.c5 / cell.n) : 0);
    }
    return series;
  }
}
