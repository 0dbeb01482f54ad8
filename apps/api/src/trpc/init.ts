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
/**
 * Every procedure is timed and its outcome counted by appCode (OK on success), on both faces;
 * the labels are procedure paths, a fixed set.
 */
const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const metrics = ctx.metrics;
  if (!metrics) return next();
  const started = performance.now();
  const result = await next();
  metrics.procedureDuration.observe(
    { procedure: path, type },
    (performance.now() - started) / 1000,
  );
  const code = result.ok ? 'OK' : describeError(result.error, { bodyLimitBytes: 0 }).code;
  metrics.procedureCalls.inc({ procedure: path, type, code });
  return result;
});

export const publicProcedure = t.procedure.use(observed);
export const createCallerFactory = t.createCallerFactory;
