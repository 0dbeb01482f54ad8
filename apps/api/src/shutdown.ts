import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';

/**
 * Stops the process in order on SIGTERM/SIGINT, then exits 0:
 * 1. /readyz answers 503 and the job workers stop taking jobs (a running import stops after the
 *    batch it is writing, its checkpoint committed with it);
 * 2. after `delayMs`, `app.close()`: the listener closes, in-flight requests finish, tus PATCHes
 *    and SSE streams are cut (their handlers still record the upload offset), the jobs return;
 * 3. Redis and the database close.
 * Past `timeoutMs` it exits 1 without waiting further: every batch and offset is crash-safe, so
 * this loses no data, only the unfinished answers. A second signal exits 1 at once.
 */
export function closeOnSignals(
  app: FastifyInstance,
  what: string,
  shutdown: Config['shutdown'],
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn({ signal }, `${what}: second signal, exiting without finishing`);
      process.exit(1);
    }
    stopping = true;
    const started = performance.now();
    app.log.info({ signal, ...shutdown }, `${what} stopping`);
    const deadline = setTimeout(() => {
      app.log.error(
        { timeoutMs: shutdown.timeoutMs },
        `${what} did not stop within SHUTDOWN_TIMEOUT_MS; exiting without waiting further`,
      );
      process.exit(1);
    }, shutdown.timeoutMs);
    try {
      app.drain.start();
      if (shutdown.delayMs > 0) await sleep(shutdown.delayMs);
      await app.close();
    } catch (err) {
      app.log.error({ err }, `${what} failed to close cleanly`);
      process.exit(1);
    }
    clearTimeout(deadline);
    app.log.info({ ms: Math.round(performance.now() - started) }, `${what} stopped`);
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}
