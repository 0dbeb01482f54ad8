/**
 * One shared ticker for all long deadlines. A `setTimeout` per call measurably slows a busy
 * client (about a third of the throughput for small keep-alive GETs); pushing onto an array and
 * sweeping it every TICK_MS costs next to nothing. The price is up to TICK_MS of lateness.
 */
export const TICK_MS = 20;

export interface Expirable {
  readonly expiresAt: number;
  /** Set when the call finished: the sweep drops it (cheaper than removing it on each call). */
  readonly settled: boolean;
  expire(): void;
}

let pending: Expirable[] = [];
let ticker: NodeJS.Timeout | undefined;

const tick = (): void => {
  const now = Date.now();
  const waiting: Expirable[] = [];
  for (const entry of pending) {
    if (entry.settled) continue;
    if (entry.expiresAt <= now) entry.expire();
    else waiting.push(entry);
  }
  pending = waiting;
  if (pending.length === 0 && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
};

export const watch = (entry: Expirable): void => {
  pending.push(entry);
  // Unref'd: an in-flight call keeps the process alive through its socket, not through us.
  ticker ??= setInterval(tick, TICK_MS).unref();
};
