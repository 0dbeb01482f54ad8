import type { FastifyInstance } from 'fastify';

/** Closes the app once on SIGINT/SIGTERM (in-flight work finishes, connections close), then exits 0. */
export function closeOnSignals(app: FastifyInstance, what: string): void {
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, `${what} stopping`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
}
