import { z } from 'zod';

/**
 * Faults the next calls to the provider API suffer, in order, each for `times` calls. Tests
 * queue them to drive every client behaviour: timeouts (latency), 5xx, connection resets, 429
 * with Retry-After (seconds or an HTTP date) and bodies that are not JSON.
 */
export const fault = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('latency'),
    ms: z.number().int().min(0).max(60_000),
    times: z.number().int().min(1).default(1),
  }),
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    times: z.number().int().min(1).default(1),
  }),
  z.object({ kind: z.literal('reset'), times: z.number().int().min(1).default(1) }),
  z.object({
    kind: z.literal('rate-limit'),
    retryAfter: z.union([z.number().int().min(0), z.string()]),
    times: z.number().int().min(1).default(1),
  }),
  z.object({ kind: z.literal('bad-json'), times: z.number().int().min(1).default(1) }),
]);
export type Fault = z.infer<typeof fault>;

export class FaultQueue {
  #queue: Fault[] = [];

  push(faults: Fault[]): void {
    this.#queue.push(...faults.map((f) => ({ ...f })));
  }

  clear(): void {
    this.#queue = [];
  }

  /** The fault the current call suffers, if any. */
  take(): Fault | undefined {
    const next = this.#queue[0];
    if (!next) return undefined;
    next.times -= 1;
    if (next.times <= 0) this.#queue.shift();
    return next;
  }

  get pending(): number {
    return this.#queue.reduce((n, f) => n + f.times, 0);
  }
}
