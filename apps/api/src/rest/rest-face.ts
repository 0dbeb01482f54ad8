import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../trpc/context.js';
import { createCallerFactory } from '../trpc/init.js';
import { appRouter } from '../trpc/root.js';
import { coerceQuery } from './coerce-query.js';
import { restProcedures } from './procedures.js';

type Caller = (input: unknown) => Promise<unknown>;

/**
 * Serves each procedure that declares an `openapi` route as plain REST under the plugin's
 * prefix. The input is the query (GET) or JSON body (POST) merged with the path parameters,
 * checked by the procedure's own zod schema; errors go to the app's error handler, so both
 * faces answer the same codes. Fastify itself answers 415 for a non-JSON body and 413 over the
 * body limit.
 */
export async function restFace(
  app: FastifyInstance,
  opts: { createContext: (req: FastifyRequest, reply: FastifyReply) => Context },
) {
  const createCaller = createCallerFactory(appRouter);
  for (const procedure of restProcedures()) {
    const segments = procedure.path.split('.');
    app.route({
      method: procedure.method,
      url: procedure.url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const params = req.params as Record<string, string>;
        const fromRequest =
          procedure.method === 'GET'
            ? coerceQuery(procedure.input, req.query as Record<string, unknown>)
            : req.body;
        const input =
          fromRequest && typeof fromRequest === 'object' && !Array.isArray(fromRequest)
            ? { ...fromRequest, ...params }
            : Object.keys(params).length > 0
              ? params
              : fromRequest;
        let target: unknown = createCaller(opts.createContext(req, reply));
        for (const segment of segments) target = (target as Record<string, unknown>)[segment];
        const result = await (target as Caller)(
          procedure.input?.def.type === 'void' ? undefined : input,
        );
        return reply.send(result);
      },
    });
  }
}
