import type { ErrorBody } from '@intake/schema';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCodeTable } from '../errors.js';
import { describeError } from './describe-error.js';

/**
 * The last stop of every failure outside tRPC's own handling (REST face, body parsing, unknown
 * routes). REST callers get `{ error: { code, message, requestId, issues? } }`; a tRPC client
 * whose request failed before tRPC ran (body too large) gets tRPC's error envelope so its link
 * can read it. Unexpected errors are logged once with their stack and answered as 500 INTERNAL.
 */
export function installErrorHandlers(
  app: FastifyInstance,
  opts: { bodyLimitBytes: number; trpcPrefix: string },
) {
  const isTrpc = (req: FastifyRequest) => req.url.startsWith(`${opts.trpcPrefix}/`);

  app.setErrorHandler((error, req, reply) => {
    const d = describeError(error, opts);
    if (d.unexpected) req.log.error({ err: error }, 'unexpected error');
    else req.log.info({ code: d.code, status: d.status }, d.message);
    if (isTrpc(req)) {
      const trpcCode = errorCodeTable[d.code].trpc;
      return reply.status(d.status).send({
        error: {
          message: d.message,
          code: TRPC_ERROR_CODES_BY_KEY[trpcCode],
          data: {
            code: trpcCode,
            httpStatus: d.status,
            path: null,
            appCode: d.code,
            requestId: req.id,
            issues: d.issues ?? null,
          },
        },
      });
    }
    return sendError(reply, req, d);
  });
}

export function sendError(
  reply: FastifyReply,
  req: FastifyRequest,
  d: {
    code: ErrorBody['error']['code'];
    status: number;
    message: string;
    issues?: ErrorBody['error']['issues'];
  },
) {
  const body: ErrorBody = {
    error: {
      code: d.code,
      message: d.message,
      requestId: req.id,
      ...(d.issues ? { issues: d.issues } : {}),
    },
  };
  return reply.status(d.status).send(body);
}
