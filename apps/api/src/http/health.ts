import type { FastifyInstance } from 'fastify';
import { type QueryExecutorProvider, sql } from 'kysely';
import { sendError } from './error-handler.js';

/** Liveness (the process answers) and readiness (the database answers) for orchestrators. */
export async function healthRoutes(
  app: FastifyInstance,
  opts: { db: QueryExecutorProvider; database: string },
) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (req, reply) => {
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
