/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform draw in [0, min(max, base * 2^(retry-1))] spreads retries of many clients apart.
 */
export const fullJitterDelay = (
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number => {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
};
