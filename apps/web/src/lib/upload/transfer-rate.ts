/** Speed and time left from progress samples, over a sliding window so a stall shows quickly. */
export interface RateSample {
  at: number;
  bytes: number;
}

export interface Rate {
  bytesPerSecond: number;
  /** Null until there is a speed to divide by. */
  etaSeconds: number | null;
}

// Five seconds smooth the saw-tooth of 5 MiB chunks without hiding a slowdown for long.
const windowMs = 5_000;

/** Adds a sample and drops those older than the window; returns the new list. */
export function addSample(samples: readonly RateSample[], sample: RateSample): RateSample[] {
  const kept = samples.filter((s) => sample.at - s.at <= windowMs && s.bytes <= sample.bytes);
  return [...kept, sample];
}

export function rateOf(samples: readonly RateSample[], totalBytes: number): Rate {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at <= first.at) return { bytesPerSecond: 0, etaSeconds: null };
  const bytesPerSecond = ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  if (bytesPerSecond <= 0) return { bytesPerSecond: 0, etaSeconds: null };
  return { bytesPerSecond, etaSeconds: Math.max(0, (totalBytes - last.bytes) / bytesPerSecond) };
}
