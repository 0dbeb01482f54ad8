import type { WorkspaceRole } from '@intake/schema';
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { roleAtLeast } from '../auth/principal.js';
import { IntakeError } from '../errors.js';
import { describeError } from '../http/describe-error.js';
import type { Context } from './context.js';

/**
 * Who may call a procedure, declared where it is defined by the builder it starts from:
 * `public`, `signed-in` (any workspace role), a workspace role (`viewer` < `member` < `owner`),
 * or `admin` (the instance's administrators). test/attacks/access-declarations.test.ts walks
 * the router and fails on a procedure without one.
 */
export type Access = 'public' | 'signed-in' | WorkspaceRole | 'admin';
export type AppMeta = OpenApiMeta & { access?: Access };

/**
 * The error every tRPC client sees carries our stable `appCode`, the field `issues` of a
 * validation failure and the request id, next to tRPC's own `code` and `httpStatus`. Messages of
 * unexpected errors are replaced: internals never leave the server.
 */
const t = initTRPC
  .context<Context>()
  .meta<AppMeta>()
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
  const started = performance.now();
  const result = await next();
  const ms = performance.now() - started;
  const described = result.ok ? undefined : describeError(result.error, { bodyLimitBytes: 0 });
  // The Health page's per-procedure figures (batched calls included), with or without metrics.
  ctx.services.health?.window.recordProcedure(path, ms, described?.status ?? 200);
  if (!metrics) return result;
  metrics.procedureDuration.observe({ procedure: path, type }, ms / 1000);
  metrics.procedureCalls.inc({ procedure: path, type, code: described?.code ?? 'OK' });
  return result;
});

/** Open to anyone: sign-in, setup, invites. */
export const publicProcedure = t.procedure.use(observed).meta({ access: 'public' });

/**
 * A caller is required (401 otherwise); read-only tokens may not change anything (403). The
 * context's `auth` is then non-null for the procedure.
 */
const signedIn = t.middleware(({ ctx, type, next }) => {
  const auth = ctx.auth;
  if (!auth)
    throw new IntakeError(
      'UNAUTHORIZED',
      'Sign in first (session cookie, or Authorization: Bearer with an API token)',
    );
  if (type === 'mutation' && auth.scope === 'read')
    throw new IntakeError('FORBIDDEN', 'This API token is read-only (scope read)');
  return next({ ctx: { auth } });
});

/** Any signed-in user, whatever their role: their own account, sessions and tokens. */
export const signedInProcedure = t.procedure
  .use(observed)
  .meta({ access: 'signed-in' })
  .use(signedIn);

/** Work in the caller's current workspace with at least this role; data is scoped to it. */
export const workspaceProcedure = (role: WorkspaceRole) =>
  t.procedure
    .use(observed)
    .meta({ access: role })
    .use(signedIn)
    .use(({ ctx, next }) => {
      if (!roleAtLeast(ctx.auth.role, role))
        throw new IntakeError('FORBIDDEN', `This needs the ${role} role in the workspace`);
      return next();
    });

/** The instance's administrators: the audit log, the Health page. */
export const adminProcedure = t.procedure
  .use(observed)
  .meta({ access: 'admin' })
  .use(signedIn)
  .use(({ ctx, next }) => {
    if (!ctx.auth.isAdmin) throw new IntakeError('FORBIDDEN', 'This needs an administrator');
    return next();
  });
export const createCallerFactory = t.createCallerFactory;
