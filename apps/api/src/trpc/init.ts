import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { describeError } from '../http/describe-error.js';
import type { Context } from './context.js';

/**
 * The error every tRPC client sees carries our stable `appCode`, the field `issues` of a
 * validation failure and the request id, next to tRPC's own `code` and `httpStatus`. Messages of
 * unexpected errors are replaced: internals never leave the server.
 */
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      // Body limits are enforced by Fastify before tRPC runs, so the value here is unused.
      const description = describeError(error, { bodyLimitBytes: 0 });
      return {
        ...shape,
        message: description.message,
        data: {
          code: shape.data.code,
          httpStatus: description.status,
          path: shape.data.path,
          appCode: description.code,
          requestId: ctx?.requestId ?? null,
          issues: description.issues ?? null,
        },
      };
    },
  });

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
