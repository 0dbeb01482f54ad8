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

/** What a generated middleware step does (`mw.generated`). */
export const PIPELINE_STEP_KINDS = [
  'pass',
  'ctx',
  'input',
  'throw',
  'throwError',
  'noNext',
  'wrap',
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

/** What a middleware or resolver saw, for the pipeline cases: keys in order, and `ctx` keys. */
function seen(opts: object) {
  const { ctx, input, meta } = opts as { ctx: object; input?: unknown; meta?: unknown };
  return {
    keys: Object.keys(opts),
    ctxKeys: Object.keys(ctx),
    input: input ?? null,
    meta: meta ?? null,
  };
}

/** One router exercising each wire rule the golden suite checks. */
export function createTestRouter(variant: RouterVariant) {
  const t = initTRPC
    .context<Context>()
    .meta<{ tag?: string }>()
    .create({
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

  // Procedures for the fast path's own middleware walk (`procedure-pipeline.ts`): what each
  // level sees, `next()` overrides, throws and odd results, input and output parsers, `.meta`,
  // `.errors`.
  const levels: ReturnType<typeof seen>[] = [];
  const recorded = t.procedure.use((opts) => {
    levels.length = 0;
    levels.push(seen(opts));
    return opts.next({ ctx: { first: 1 } });
  });
  const code = z.object({ code: z.enum(TRPC_ERROR_CODES) });
  // A chain of four middlewares, each doing what its step in the input says: the property suite
  // generates the steps (golden-property.test.ts).
  const step = z.object({
    kind: z.enum(PIPELINE_STEP_KINDS),
    key: z.string(),
    value: z.unknown(),
    code: z.enum(TRPC_ERROR_CODES),
  });
  const interpret = (index: number) =>
    t.middleware(async ({ input, next }) => {
      const spec = (input as { steps: z.infer<typeof step>[] }).steps[index];
      switch (spec?.kind) {
        case undefined:
        case 'pass':
          return next();
        case 'ctx':
          return next({ ctx: { [spec.key]: spec.value } });
        case 'input':
          return next({ input: { ...(input as object), [spec.key]: spec.value } });
        case 'throw':
          throw new TRPCError({ code: spec.code, message: spec.key });
        case 'throwError':
          throw new Error(spec.key);
        case 'noNext':
          return undefined as never;
        case 'wrap': {
          const result = await next();
          return result.ok ? { ...result, data: { [spec.key]: result.data } } : result;
        }
      }
    });
  const syncPass = t.middleware(({ next }) => next());
  const generated = t.procedure
    .input(z.object({ steps: z.array(step).max(4) }).passthrough())
    .use(interpret(0))
    .use(syncPass)
    .use(interpret(1))
    .use(interpret(2))
    .use(interpret(3))
    .query(({ ctx, input }) => {
      const { res: _res, ...rest } = ctx;
      return { ctxKeys: Object.keys(ctx), ctx: rest, input };
    });

  const mw = t.router({
    generated,
    // keys of every level's options in order, ctx merging, input and meta on the way down
    levels: recorded
      .meta({ tag: 'levels' })
      .use((opts) => {
        levels.push(seen(opts));
        return opts.next({ ctx: { second: 2, first: 'replaced' } });
      })
      .input(z.object({ n: z.number() }).optional())
      .use(async (opts) => {
        levels.push(seen(opts));
        return opts.next();
      })
      .query((opts) => [...levels, seen(opts), { ctx: opts.ctx.first, second: opts.ctx.second }]),
    syncResolver: t.procedure.query((opts) => seen(opts)),
    ctxOverride: authed
      .use(({ ctx, next }) => next({ ctx: { user: `${ctx.user}!`, role: 'admin' } }))
      .query(({ ctx }) => ({ user: ctx.user, role: ctx.role, calls: ctx.calls })),
    inputOverride: t.procedure
      .input(z.object({ name: z.string() }))
      .use(({ input, next }) => next({ input: { name: input.name.toUpperCase(), extra: true } }))
      .query(({ input }) => input),
    rawInputOverride: t.procedure
      .use(({ next }) => next({ getRawInput: async () => ({ name: 'from middleware' }) }))
      .input(z.object({ name: z.string() }))
      .query(({ input }) => input),
    twoInputs: t.procedure
      .input(z.object({ a: z.number() }))
      .input(z.object({ b: z.string().default('b') }))
      .query(({ input }) => input),
    transformed: t.procedure
      .input(
        z.object({ n: z.string() }).transform((value) => ({ ...value, length: value.n.length })),
      )
      .query(({ input }) => input),
    asyncRefine: t.procedure
      .input(z.string().refine(async (value) => value !== 'no', 'async no'))
      .query(({ input }) => input),
    output: t.procedure
      .output(z.object({ n: z.number().transform((value) => value * 2) }))
      .query(() => ({ n: 21, dropped: true })),
    badOutputAsync: t.procedure.output(z.string()).query(async () => 42 as unknown as string),
    meta: t.procedure
      .meta({ tag: 'first' })
      .use(({ meta, next }) => next({ ctx: { metaSeen: meta } }))
      .meta({ tag: 'second' })
      .query((opts) => ({ meta: seen(opts).meta, metaSeen: opts.ctx.metaSeen })),
    throws: t.procedure
      .input(code)
      .use(({ input }) => {
        throw new TRPCError({ code: input.code, message: `middleware ${input.code}` });
      })
      .query(() => 'unreachable'),
    throwsMutation: t.procedure
      .input(code)
      .use(({ input }) => {
        throw new TRPCError({ code: input.code });
      })
      .mutation(() => 'unreachable'),
    throwsError: t.procedure
      .use(() => {
        throw new Error('middleware exploded');
      })
      .query(() => 'unreachable'),
    rejects: t.procedure
      .use(async () => {
        await Promise.resolve();
        throw new TRPCError({ code: 'FORBIDDEN', message: 'async no' });
      })
      .query(() => 'unreachable'),
    throwsString: t.procedure
      .use(() => {
        throw 'a string';
      })
      .query(() => 'unreachable'),
    noNext: t.procedure.use((() => undefined) as never).query(() => 'unreachable'),
    shortCircuit: t.procedure
      .use((() => ({ ok: true, data: 'from middleware', marker: 'middlewareMarker' })) as never)
      .query(() => 'unreachable'),
    notAResult: t.procedure
      .use((() => ({ something: 'else' })) as never)
      .query(() => 'unreachable'),
    wrapsResult: t.procedure
      .use(async ({ next }) => {
        const result = await next();
        const keys = Object.keys(result);
        if (!result.ok)
          return { ...result, error: new TRPCError({ code: 'CONFLICT', cause: result.error }) };
        return { ...result, data: { wrapped: result.data, keys } };
      })
      .input(z.object({ fail: z.boolean() }))
      .query(({ input }) => {
        if (input.fail) throw new TRPCError({ code: 'NOT_FOUND', message: 'inner' });
        return 'inner data';
      }),
    nextTwice: t.procedure
      .use(async ({ next }) => {
        const first = await next();
        const second = await next({ ctx: { again: true } });
        return first.ok && second.ok ? second : first;
      })
      .query(({ ctx }) => ({ again: (ctx as { again?: boolean }).again ?? false })),
    resolverCallsNext: t.procedure.query(async (opts) => {
      const next = (opts as unknown as { next: () => Promise<{ ok: boolean; error?: Error }> })
        .next;
      const result = await next();
      return { ok: result.ok, message: result.error?.message ?? null };
    }),
    nextReturnsPromise: t.procedure
      .use((opts) => {
        const result = opts.next();
        return result.then((value) => ({ ...value, data: result instanceof Promise }));
      })
      .query(() => 'x'),
    thenable: t.procedure.query(
      () =>
        ({
          // biome-ignore lint/suspicious/noThenProperty: a non-Promise thenable is the case
          then: (resolve: (value: string) => void) => resolve('thenable'),
        }) as never,
    ),
    thenableThrows: t.procedure.query(
      () =>
        ({
          // biome-ignore lint/suspicious/noThenProperty: a thenable whose then throws is the case
          then: () => {
            throw new Error('then threw');
          },
        }) as never,
    ),
    undefinedResult: t.procedure.query(() => undefined),
    nullResult: t.procedure.query(() => null),
    ownFormatter: t.procedure
      .errors(({ shape, error }) => ({ ...shape, message: `own: ${error.message}` }))
      .input(code)
      .query(({ input }) => {
        throw new TRPCError({ code: input.code, message: 'resolver' });
      }),
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
    mw,
    nested: t.router({ deep: t.router({ path: t.procedure.query(() => 'deep') }) }),
    lazyChild: lazy(async () => t.router({ hi: t.procedure.query(() => 'lazy hi') })),
  });
}

export type TestRouter = ReturnType<typeof createTestRouter>;
