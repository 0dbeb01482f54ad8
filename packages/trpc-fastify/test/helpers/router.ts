import { initTRPC, lazy, TRPCError } from '@trpc/server';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import superjson from 'superjson';
import { z } from 'zod';

/** Every TRPCError code, so the suite covers each status mapping. */
export const TRPC_ERROR_CODES = [
  'PARSE_ERROR',
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'PAYMENT_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'TIMEOUT',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE_CONTENT',
  'PRECONDITION_REQUIRED',
  'TOO_MANY_REQUESTS',
  'CLIENT_CLOSED_REQUEST',
  'INTERNAL_SERVER_ERROR',
  'NOT_IMPLEMENTED',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
] as const;

/** Abort signals seen by `waitForAbort`, to check the per-request signal wiring. */
export const abortLog: string[] = [];

export interface RouterVariant {
  transformer: boolean;
  isDev: boolean;
}

export async function createContext({ req, res, info }: CreateFastifyContextOptions) {
  const mode = req.headers['x-ctx'];
  if (mode === 'throw-trpc') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'no entry' });
  if (mode === 'throw') throw new Error('context exploded');
  return {
    res,
    user: typeof req.headers['x-user'] === 'string' ? req.headers['x-user'] : null,
    infoType: info.type,
    calls: info.calls.length,
  };
}

type Context = Awaited<ReturnType<typeof createContext>>;

/** One router exercising each wire rule the golden suite checks. */
export function createTestRouter(variant: RouterVariant) {
  const t = initTRPC.context<Context>().create({
    isDev: variant.isDev,
    ...(variant.transformer ? { transformer: superjson } : {}),
    errorFormatter({ shape, error }) {
      return {
        ...shape,
        data: {
          ...shape.data,
          zodIssues: error.cause instanceof z.ZodError ? error.cause.issues.length : null,
        },
      };
    },
  });
  const authed = t.procedure.use(({ ctx, next }) => {
    if (ctx.user === null) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return next({ ctx: { user: ctx.user } });
  });

  return t.router({
    hello: t.procedure.query(() => 'world'),
    greet: t.procedure
      .input(z.object({ name: z.string().min(1) }))
      .query(({ input, ctx }) => ({ greeting: `hello ${input.name}`, user: ctx.user })),
    echo: t.procedure.input(z.unknown()).query(({ input }) => ({ input })),
    echoMutation: t.procedure.input(z.unknown()).mutation(({ input }) => ({ input })),
    add: t.procedure
      .input(z.object({ a: z.number(), b: z.number() }))
      .mutation(({ input }) => input.a + input.b),
    date: t.procedure.query(() => ({ at: new Date(0), tags: new Set(['a']) })),
    fail: t.procedure.input(z.object({ code: z.enum(TRPC_ERROR_CODES) })).query(({ input }) => {
      throw new TRPCError({ code: input.code, message: `failed with ${input.code}` });
    }),
    failMutation: t.procedure
      .input(z.object({ code: z.enum(TRPC_ERROR_CODES) }))
      .mutation(({ input }) => {
        throw new TRPCError({ code: input.code });
      }),
    boom: t.procedure.query(() => {
      throw new Error('kaput');
    }),
    badOutput: t.procedure.output(z.string()).query(() => 42 as unknown as string),
    bigint: t.procedure.query(() => ({ n: 1n })),
    whoami: authed.query(({ ctx }) => ctx.user),
    setCookie: t.procedure.mutation(({ ctx }) => {
      ctx.res.header('set-cookie', 'session=abc; Path=/; HttpOnly');
      ctx.res.header('set-cookie', 'theme=dark; Path=/');
      return 'ok';
    }),
    contextInfo: t.procedure.query(({ ctx }) => ({ type: ctx.infoType, calls: ctx.calls })),
    readsSignal: t.procedure.query(({ signal }) => signal instanceof AbortSignal),
    waitForAbort: t.procedure.query(
      ({ signal }) =>
        new Promise((resolve) => {
          signal?.addEventListener('abort', () => {
            abortLog.push('aborted');
            resolve('aborted');
          });
        }),
    ),
    deferred: t.procedure.query(() => ({ later: Promise.resolve(1) })),
    iterable: t.procedure.query(async function* () {
      yield 1;
      yield 2;
    }),
    slow: t.procedure.input(z.number()).query(async ({ input }) => {
      await new Promise((resolve) => setTimeout(resolve, input));
      return input;
    }),
    onTick: t.procedure.input(z.object({ count: z.number() })).subscription(async function* ({
      input,
    }) {
      for (let index = 0; index < input.count; index++) yield index;
    }),
    nested: t.router({ deep: t.router({ path: t.procedure.query(() => 'deep') }) }),
    lazyChild: lazy(async () => t.router({ hi: t.procedure.query(() => 'lazy hi') })),
  });
}

export type TestRouter = ReturnType<typeof createTestRouter>;
