import { DDSketch } from '@datadog/sketches-js';

/**
 * Latency quantiles with DDSketch (https://arxiv.org/abs/1908.10693, Datadog's
 * @datadog/sketches-js): any quantile it returns is within RELATIVE_ACCURACY of the true value at
 * that rank, sketches of different buckets and instances merge without losing that guarantee,
 * and memory grows with the log of the value range (1 ms .. 10 s at 1 %: ~460 bins at most).
 */
export const RELATIVE_ACCURACY = 0.01;

export const newSketch = () => new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
export type Sketch = DDSketch;

/**
 * Serialized sketch: [zero count, first key, counts of keys first.. last]. The package's own
 * `toProto` needs protobufjs, which it does not install; the bins are all a sketch is.
 */
export type SketchJson = [number, number, number[]];

export function sketchToJson(sketch: DDSketch): SketchJson {
  const { store } = sketch;
  if (store.count === 0) return [sketch.zeroCount, 0, []];
  const first = store.minKey - store.offset;
  return [sketch.zeroCount, store.minKey, store.bins.slice(first, store.maxKey - store.offset + 1)];
}

/** Adds a serialized sketch into `into` (each bin's representative value maps back to its key). */
export function mergeSketchJson(into: DDSketch, [zeros, firstKey, bins]: SketchJson): void {
  if (zeros > 0) into.accept(0, zeros);
  for (let i = 0; i < bins.length; i++) {
    const weight = bins[i] ?? 0;
    if (weight > 0) into.accept(into.mapping.value(firstKey + i), weight);
  }
}

/** P50/P90/P99 in ms, null when the sketch is empty. */
export function percentiles(sketch: DDSketch): {
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
} {
  if (sketch.count === 0) return { p50Ms: null, p90Ms: null, p99Ms: null };
  const at = (q: number) => round(sketch.getValueAtQuantile(q));
  return { p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99) };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
