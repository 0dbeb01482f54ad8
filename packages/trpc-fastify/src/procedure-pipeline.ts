import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import {
  type InternalProcedure,
  type ProcedureCallOptions,
  type ProcedurePipeline,
  readPipeline,
} from './trpc-internals.js';

/**
 * tRPC's own procedure call (`createProcedureCaller` + `callRecursive` in `procedureBuilder.ts`,
 * 11.22.1) walked here with fewer allocations and promise turns. tRPC builds every middleware's
 * options with the ES2017 `_objectSpread2` helper (`Object.defineProperty` per key, twice per
 * level) and runs each level as an `async` function; here each level's options are one object
 * literal with the same keys in the same order, and the resolver, always last, is called
 * directly: a synchronous resolver with no middleware in front of it answers without a single
 * promise. Middlewares still get a `next()` that returns a promise, as in tRPC.
 *
 * Observable behaviour is tRPC's, step for step (the golden suite compares both adapters on the
 * wire): each middleware gets `{ path, getRawInput, ctx, type, signal, batchIndex, meta, input,
 * next }` (`input` before `meta` below the first level, as tRPC's spreads order them), `next()`
 * merges `ctx`, replaces `input` when the key is present and `getRawInput` when given, a throw or
 * rejection anywhere becomes `{ ok: false, error: getTRPCErrorFromUnknown(cause), marker }`, and
 * the outcome is unwrapped like `procedure()` does. Only the number of microtask turns differs.
 */

const MIDDLEWARE_MARKER = 'middlewareMarker';

type Middleware = ProcedurePipeline['resolver'];
type Next = (nextOpts?: unknown) => Promise<unknown>;

interface Pipeline extends ProcedurePipeline {
  resolverIndex: number;
}

const pipelines = new WeakMap<InternalProcedure, Pipeline | null>();

function pipelineOf(procedure: InternalProcedure): Pipeline | null {
  let pipeline = pipelines.get(procedure);
  if (pipeline === undefined) {
    const read = readPipeline(procedure);
    pipeline = read === null ? null : { ...read, resolverIndex: read.middlewares.length - 1 };
    pipelines.set(procedure, pipeline);
  }
  return pipeline;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `callRecursive`'s catch block. */
function errorResult(cause: unknown) {
  return { ok: false, error: getTRPCErrorFromUnknown(cause), marker: MIDDLEWARE_MARKER };
}

/** The options of one level, as `callRecursive` receives them (never shown to user code). */
interface Level {
  path: string;
  getRawInput: () => Promise<unknown>;
  ctx: unknown;
  type: ProcedureCallOptions['type'];
  signal: AbortSignal | undefined;
  batchIndex: number;
  input: unknown;
}

/**
 * One `callRecursive(index, _def, opts)`: the middleware's (or resolver's) result, synchronously
 * when it had no promise to wait for. Never throws.
 */
function step(pipeline: Pipeline, index: number, level: Level, first: boolean): unknown {
  const next = createNext(pipeline, index, level);
  // tRPC: `{ ...opts, meta: _def.meta, input: opts.input, next }`; at the first level `opts` has
  // no `input` key yet, so `meta` comes before `input` there and after it below.
  const opts = first
    ? {
        path: level.path,
        getRawInput: level.getRawInput,
        ctx: level.ctx,
        type: level.type,
        signal: level.signal,
        batchIndex: level.batchIndex,
        meta: pipeline.meta,
        input: level.input,
        next,
      }
    : {
        path: level.path,
        getRawInput: level.getRawInput,
        ctx: level.ctx,
        type: level.type,
        signal: level.signal,
        batchIndex: level.batchIndex,
        input: level.input,
        meta: pipeline.meta,
        next,
      };
  try {
    if (index === pipeline.resolverIndex) {
      // `resolveMiddleware`: `const data = await resolver(opts); return { marker, ok, data, ctx }`.
      const data = pipeline.resolver(opts);
      if (!isThenable(data)) return resolved(data, opts.ctx);
      return Promise.resolve(data).then((value) => resolved(value, opts.ctx), errorResult);
    }
    // The same expression as tRPC's, so a `next()` past the end fails with the same TypeError.
    const middleware = pipeline.middlewares[index] as Middleware;
    const result = middleware(opts);
    return isThenable(result) ? Promise.resolve(result).then(undefined, errorResult) : result;
  } catch (cause) {
    return errorResult(cause);
  }
}

function resolved(data: unknown, ctx: unknown) {
  return { marker: MIDDLEWARE_MARKER, ok: true, data, ctx };
}

/** The `next` tRPC hands a middleware: `callRecursive(index + 1, _def, { ...opts, ... })`. */
function createNext(pipeline: Pipeline, index: number, level: Level): Next {
  return (_nextOpts) => {
    const nextOpts = _nextOpts as
      | { ctx?: unknown; input?: unknown; getRawInput?: Level['getRawInput'] }
      | undefined;
    // Read in tRPC's order (ctx, input, getRawInput): getters on `nextOpts` run the same way.
    const ctx = nextOpts?.ctx
      ? { ...(level.ctx as object), ...(nextOpts.ctx as object) }
      : level.ctx;
    const input = nextOpts && 'input' in nextOpts ? nextOpts.input : level.input;
    const getRawInput = nextOpts?.getRawInput ?? level.getRawInput;
    const below: Level = {
      path: level.path,
      getRawInput,
      ctx,
      type: level.type,
      signal: level.signal,
      batchIndex: level.batchIndex,
      input,
    };
    const result = step(pipeline, index + 1, below, false);
    return result instanceof Promise ? result : Promise.resolve(result);
  };
}

/** `procedure()`'s checks on what the middlewares returned. */
function unwrap(result: unknown): unknown {
  if (!result) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'No result from middlewares - did you forget to `return next()`?',
    });
  }
  const outcome = result as { ok?: unknown; error?: unknown; data?: unknown };
  if (!outcome.ok) throw outcome.error;
  return outcome.data;
}

/**
 * `procedure(opts)`: the resolver's data, or a throw (synchronously when nothing was async) or
 * rejection with what tRPC would throw. Procedures whose shape is not the one verified
 * (`readPipeline`) are called through tRPC itself.
 */
export function callProcedure(procedure: InternalProcedure, opts: ProcedureCallOptions): unknown {
  const pipeline = pipelineOf(procedure);
  if (pipeline === null) return procedure(opts);
  const level: Level = {
    path: opts.path,
    getRawInput: opts.getRawInput,
    ctx: opts.ctx,
    type: opts.type,
    signal: opts.signal,
    batchIndex: opts.batchIndex,
    input: undefined,
  };
  const result = step(pipeline, 0, level, true);
  return result instanceof Promise ? result.then(unwrap) : unwrap(result);
}
