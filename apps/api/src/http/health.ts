import type { FastifyInstance } from 'fastify';
import { type QueryExecutorProvider, sql } from 'kysely';
import { sendError } from './error-handler.js';

/**
 * Liveness (the process answers) and readiness (the database answers and the process is not
 * stopping) for orchestrators and load balancers.
 */
export async function healthRoutes(
  app: FastifyInstance,
  opts: { db: QueryExecutorProvider; database: string; draining: () => boolean },
) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (req, reply) => {
    // From SIGTERM on: send no new work here; what is in flight still finishes.
    if (opts.draining()) {
      return sendError(reply, req, {
        code: 'UNAVAILABLE',
        status: 503,
        message: 'Shutting down: in-flight work is finishing; send new work to another instance',
      });
    }
    try {
      await sql`select 1`.execute(opts.db);
      return { status: 'ready', database: opts.database };
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      return sendError(reply, req, {
        code: 'UNAVAILABLE',
        status: 503,
        message: 'Database is not reachable',
      });
    }
  });
}
