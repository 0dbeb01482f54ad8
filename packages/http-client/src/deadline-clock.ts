/**
 * One shared ticker for all long deadlines. A `setTimeout` per call measurably slows a busy
 * client (about a third of the throughput for small keep-alive GETs), while checking a Set of
 * pending calls every TICK_MS costs next to nothing; the price is up to TICK_MS of lateness.
 */
export const TICK_MS = 20;

export interface Expirable {
  readonly expiresAt: number;
  expire(): void;
}

const pending = new Set<Expirable>();
let ticker: NodeJS.Timeout | undefined;

const tick = (): void => {
  const now = Date.now();
  for (const entry of pending) {
    if (entry.expiresAt <= now) {
      pending.delete(entry);
      entry.expire();
    }
  }
  if (pending.size === 0 && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
};

export const watch = (entry: Expirable): void => {
  pending.add(entry);
  // Unref'd: an in-flight call keeps the process alive through its socket, not through us.
  ticker ??= setInterval(tick, TICK_MS).unref();
};

export const unwatch = (entry: Expirable): void => {
  pending.delete(entry);
};
