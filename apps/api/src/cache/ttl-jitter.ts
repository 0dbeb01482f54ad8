/**
 * A TTL shortened by up to `jitterPercent` at random, so entries written together (a warm-up,
 * a burst after an import) do not all expire together and reload in one burst.
 */
export function jitteredTtlMs(ttlMs: number, jitterPercent: number): number {
  return Math.max(1, Math.round(ttlMs * (1 - (jitterPercent / 100) * Math.random())));
}
