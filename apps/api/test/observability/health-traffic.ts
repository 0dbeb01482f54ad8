import { setTimeout as sleep } from 'node:timers/promises';
import type { WindowStats } from '@intake/schema';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { LogCapture } from './capture.js';

// Known traffic for the Health dashboard tests, and the exact figures to compare it with.

/** A route with the latency and status the caller asks for: known traffic for the dashboard. */
export const workRoute = (app: FastifyInstance) => {
  app.get('/test/work/:ms', async (req, reply) => {
    const { ms } = req.params as { ms: string };
    const { status } = req.query as { status?: string };
    await sleep(Number(ms));
    return reply.code(Number(status ?? 200)).send({ ok: true });
  });
};

/** Sends `count` requests of `ms` latency answering `status`, `parallel` at a time. */
export async function drive(url: string, count: number, ms: number, status = 200, parallel = 10) {
  for (let sent = 0; sent < count; sent += parallel) {
    const n = Math.min(parallel, count - sent);
    await Promise.all(
      Array.from({ length: n }, () =>
        fetch(`${url}/test/work/${ms}?status=${status}`).then((r) => r.arrayBuffer()),
      ),
    );
  }
}

/** The exact latencies (ms) the server logged for requests of a route (or all but monitoring). */
export function loggedLatencies(logs: LogCapture[], route?: string): number[] {
  return logs
    .flatMap((l) => l.lines)
    .filter((l) => l.message === 'request completed')
    .filter((l) =>
      route === undefined
        ? !String(l.route).startsWith('ops.') && l.route !== '/metrics'
        : l.route === route,
    )
    .map((l) => Number((l.event as { duration: number }).duration) / 1e6)
    .sort((a, b) => a - b);
}

/** How many requests (but monitoring) the server logged with a status in [from, from + 100). */
export function loggedStatuses(logs: LogCapture[], from: number): number {
  return logs
    .flatMap((l) => l.lines)
    .filter((l) => l.message === 'request completed')
    .filter((l) => !String(l.route).startsWith('ops.') && l.route !== '/metrics')
    .map((l) => (l.http as { response: { status_code: number } }).response.status_code)
    .filter((s) => s >= from && s < from + 100).length;
}

/** DDSketch's rank rule: the value at rank floor(q * (n - 1)) of the sorted values. */
const trueQuantile = (sorted: number[], q: number) =>
  sorted[Math.floor(q * (sorted.length - 1))] as number;

/** Each percentile within the stated relative accuracy (+ the 0.001 ms rounding of the answer). */
export function expectPercentilesWithin(stats: WindowStats, sorted: number[], accuracy: number) {
  for (const [field, q] of [
    ['p50Ms', 0.5],
    ['p90Ms', 0.9],
    ['p99Ms', 0.99],
  ] as const) {
    const truth = trueQuantile(sorted, q);
    const got = stats[field];
    expect(got, field).not.toBeNull();
    expect(Math.abs((got ?? 0) - truth), `${field}: ${got} vs ${truth}`).toBeLessThanOrEqual(
      truth * accuracy + 0.002,
    );
  }
}
