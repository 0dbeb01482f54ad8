import {
  getErrorShape,
  getTRPCErrorFromUnknown,
  TRPCError,
  transformTRPCResponse,
} from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AbortSignalMode, createRequestSignal, procedureReadsSignal } from './abort-signal.js';
import { isDataStream } from './is-data-stream.js';
import { LazyInputs } from './lazy-inputs.js';
import type { ProcedureCallMode, TRPCHandlerOptions } from './options.js';
import { callProcedure } from './procedure-pipeline.js';
import { FastRequestInfo } from './request-info.js';
import { isFastPathCandidate, readQueryParams } from './request-target.js';
import { ResponseHead, type ResponseMetaHook } from './response-head.js';
import { assertResponseStatus, sendResponse } from './send-response.js';
import { type ResponseItem, serializeItem } from './serialize-response.js';
import { asPublicProcedure, getRouterInternals, type InternalProcedure } from './trpc-internals.js';

/** Returned when the request is not plain JSON: the caller hands it to `fastifyRequestHandler`. */
export const DELEGATE: unique symbol = Symbol('delegate to fastifyRequestHandler');

/** `undefined` once the answer was sent synchronously. */
export type FastPathHandler = (
  req: FastifyRequest,
  reply: FastifyReply,
  rawPath: string,
) => Promise<void> | undefined | typeof DELEGATE;

type ErrorHook = (opts: {
  error: TRPCError;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  path: string | undefined;
  input: unknown;
  ctx: unknown;
  req: FastifyRequest;
}) => void;

type ContextHook = (opts: {
  req: FastifyRequest;
  res: FastifyReply;
  info: TRPCRequestInfo;
}) => unknown;

type CallOutcome = { error: TRPCError; data: undefined } | { error: undefined; data: unknown };

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `decodePath` from `resolveResponse.ts`: a malformed escape is the client's fault (400). */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch (cause) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Invalid URL-encoding in path "${path}"`,
      cause,
    });
  }
}

/**
 * The JSON branch of tRPC's `resolveResponse` (11.22), in the same order of checks, hooks and
 * error shaping, on Fastify's request and reply instead of Fetch objects. Comments name the
 * official step each part mirrors; the golden suite compares the two on the wire.
 */
export function createFastPath(
  options: TRPCHandlerOptions,
  signalMode: AbortSignalMode,
  procedureCall: ProcedureCallMode,
) {
  const { config, procedures, lazy, deserializeInput } = getRouterInternals(options.router);
  // The handler options are typed for the user's router; the fast path only passes them on.
  const createContext = options.createContext as ContextHook | undefined;
  const onError = options.onError as ErrorHook | undefined;
  const responseMeta = options.responseMeta as ResponseMetaHook | undefined;
  const maxBatchSize = options.maxBatchSize;
  const allowBatching = options.allowBatching ?? options.batching?.enabled ?? true;
  const allowMethodOverride = options.allowMethodOverride ?? false;
  const lazyKeys = (): string[] => Object.keys(lazy);

  /** `getProcedureAtPath` would load a lazy router for this path: leave that to tRPC. */
  function needsLazyLoad(path: string): boolean {
    return lazyKeys().some((key) => path === key || path.startsWith(`${key}.`));
  }

  return function handleFast(req, reply, rawPath) {
    const raw = req.raw;
    const method = raw.method;
    const url = raw.url ?? '';
    if (!isFastPathCandidate(method, url, raw.headers, allowMethodOverride)) return DELEGATE;
    const isPost = method === 'POST';
    const body: unknown = req.body;
    if (isPost && typeof body !== 'string') return DELEGATE;
    const query = readQueryParams(url);
    if (query.connectionParams !== null) return DELEGATE;

    // getRequestInfo (contentType.ts, JSON handler)
    let path: string;
    try {
      path = decodePath(rawPath);
    } catch (cause) {
      return respond(req, reply, isPost, undefined, [], getTRPCErrorFromUnknown(cause));
    }
    const isBatchCall = query.batch === '1';
    const paths = isBatchCall ? path.split(',') : [path];
    if (isBatchCall && typeof maxBatchSize === 'number' && paths.length > maxBatchSize) {
      const error = new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Batch call exceeds maximum size',
      });
      return respond(req, reply, isPost, undefined, [], error);
    }
    const procs: (InternalProcedure | null)[] = new Array(paths.length);
    let type: 'query' | 'mutation' | undefined;
    let mixed = false;
    for (let index = 0; index < paths.length; index++) {
      const procPath = paths[index] as string;
      const proc = procedures[procPath];
      if (proc === undefined) {
        if (needsLazyLoad(procPath)) return DELEGATE;
        procs[index] = null;
        continue;
      }
      const procType = proc._def.type;
      if (procType === 'subscription') return DELEGATE;
      if (type === undefined) type = procType;
      else if (type !== procType) mixed = true;
      procs[index] = proc;
    }
    if (mixed) {
      const error = new TRPCError({
        code: 'BAD_REQUEST',
        message: `Cannot mix procedure types in call: ${type}, ${type === 'query' ? 'mutation' : 'query'}`,
      });
      return respond(req, reply, isPost, undefined, [], error);
    }

    const inputs = new LazyInputs(
      isPost ? (body as string) : (query.input ?? undefined),
      isPost,
      isBatchCall,
      paths.length,
      deserializeInput,
    );
    const calls: TRPCRequestInfo['calls'] = paths.map((callPath, index) => ({
      batchIndex: index,
      path: callPath,
      procedure: asPublicProcedure(procs[index] ?? null),
      getRawInput: async () => inputs.read(index),
      result: () => inputs.result(index),
    }));
    const state = new RequestSignal(req, reply, signalMode);
    const info = new FastRequestInfo(type ?? 'unknown', isBatchCall, calls, raw, () => state.get());
    return respond(req, reply, isPost, info, procs, undefined, state);
  } satisfies FastPathHandler;

  /**
   * Everything after routing, in `resolveResponse`'s order. Runs synchronously to the send when
   * `createContext` and the procedure need no promise (the common single query); otherwise it
   * continues in promises. Errors thrown by any step end in `caughtErrorToData`'s answer.
   */
  function respond(
    req: FastifyRequest,
    reply: FastifyReply,
    isPost: boolean,
    info: TRPCRequestInfo | undefined,
    procs: readonly (InternalProcedure | null)[],
    infoError: TRPCError | undefined,
    signal?: RequestSignal,
  ): Promise<void> | undefined {
    const head = new ResponseHead();
    let ctx: unknown;
    let ctxError: TRPCError | undefined;
    let status = 0;
    let body = '';

    function fail(call: TRPCRequestInfo['calls'][number], cause: unknown): CallOutcome {
      const error = getTRPCErrorFromUnknown(cause);
      onError?.({
        error,
        path: call.path,
        input: call.result(),
        ctx,
        type: call.procedure?._def.type ?? 'unknown',
        req,
      });
      return { error, data: undefined };
    }

    /** One call; synchronous when the procedure was (`inline` is false for batches, see below). */
    function runCall(index: number, inline: boolean): CallOutcome | Promise<CallOutcome> {
      const call = (info as TRPCRequestInfo).calls[index] as TRPCRequestInfo['calls'][number];
      const proc = procs[index] ?? null;
      try {
        if (proc === null) {
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: `No procedure found on path "${call.path}"`,
          });
        }
        const procType = proc._def.type;
        if (procType !== (isPost ? 'mutation' : 'query')) {
          throw new TRPCError({
            code: 'METHOD_NOT_SUPPORTED',
            message: `Unsupported ${isPost ? 'POST' : 'GET'}-request to ${procType} procedure at path "${call.path}"`,
          });
        }
        if (ctxError !== undefined) throw ctxError;
        const opts = {
          path: call.path,
          getRawInput: call.getRawInput,
          ctx,
          type: procType,
          signal: signal?.forProcedure(proc),
          batchIndex: index,
        };
        const data = inline ? callProcedure(proc, opts) : proc(opts);
        if (!(data instanceof Promise)) return { error: undefined, data };
        return data.then(
          (value): CallOutcome => ({ error: undefined, data: value }),
          (cause) => fail(call, cause),
        );
      } catch (cause) {
        return fail(call, cause);
      }
    }

    function single(outcome: CallOutcome): void {
      const call = (info as TRPCRequestInfo).calls[0] as TRPCRequestInfo['calls'][number];
      head.setJsonContentType();
      if (outcome.error === undefined && isDataStream(outcome.data)) {
        throw new TRPCError({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message:
            'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
        });
      }
      const item: ResponseItem = outcome.error
        ? {
            error: getErrorShape({
              config,
              ctx,
              error: outcome.error,
              input: call.result(),
              path: call.path,
              type: (info as TRPCRequestInfo).type,
            }),
          }
        : { result: { data: outcome.data } };
      status = head.init({
        responseMeta,
        ctx,
        info,
        untransformedJSON: [item],
        errors: outcome.error ? [outcome.error] : [],
      });
      body = JSON.stringify(serializeItem(config, item));
      assertResponseStatus(status);
    }

    function batch(outcomes: CallOutcome[]): void {
      const calls = (info as TRPCRequestInfo).calls;
      head.setJsonContentType();
      const errors: TRPCError[] = [];
      const items = outcomes.map((outcome, index): ResponseItem => {
        const call = calls[index] as TRPCRequestInfo['calls'][number];
        let error = outcome.error;
        if (error === undefined && isDataStream(outcome.data)) {
          error = new TRPCError({
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message:
              'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
          });
        }
        if (error === undefined) return { result: { data: outcome.data } };
        errors.push(error);
        return {
          error: getErrorShape({
            config,
            ctx,
            error,
            input: call.result(),
            path: call.path,
            type: call.procedure?._def.type ?? 'unknown',
          }),
        };
      });
      status = head.init({ responseMeta, ctx, info, untransformedJSON: items, errors });
      body = JSON.stringify(items.map((item) => serializeItem(config, item)));
      assertResponseStatus(status);
    }

    /** After `createContext`: run the call(s) and build the body. */
    function calls(): Promise<void> | undefined {
      const requestInfo = info as TRPCRequestInfo;
      if (!requestInfo.isBatchCall) {
        const outcome = runCall(0, procedureCall === 'inline');
        if (outcome instanceof Promise) return outcome.then(single);
        single(outcome);
        return undefined;
      }
      // Batches keep tRPC's own procedure call: the order of `onError` calls across a batch
      // follows each call's number of promise turns there, which the inline walk does not keep.
      return Promise.all(requestInfo.calls.map((_, index) => runCall(index, false))).then(batch);
    }

    /** `caughtErrorToData`: one non-array error, without path or input. */
    function caught(cause: unknown): void {
      const error = getTRPCErrorFromUnknown(cause);
      const type = info?.type ?? 'unknown';
      onError?.({ error, path: undefined, input: undefined, ctx, type, req });
      const item = {
        error: getErrorShape({ config, error, type, path: undefined, input: undefined, ctx }),
      };
      body = JSON.stringify(transformTRPCResponse(config, item));
      status = head.init({ responseMeta, ctx, info, untransformedJSON: item, errors: [error] });
      assertResponseStatus(status);
    }

    const send = (): void => sendResponse(reply, status, head, body);
    let pending: Promise<void> | undefined;
    try {
      if (infoError !== undefined || info === undefined) throw infoError;
      if (info.isBatchCall && !allowBatching) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'Batching is not enabled on the server',
        });
      }
      let created: unknown;
      if (createContext !== undefined) {
        try {
          created = createContext({ req, res: reply, info });
        } catch (cause) {
          ctxError = getTRPCErrorFromUnknown(cause);
        }
      }
      if (isThenable(created)) {
        pending = Promise.resolve(created).then(
          (value) => {
            ctx = value;
            return calls();
          },
          (cause) => {
            ctxError = getTRPCErrorFromUnknown(cause);
            return calls();
          },
        );
      } else {
        ctx = created;
        pending = calls();
      }
    } catch (cause) {
      caught(cause);
    }
    if (pending === undefined) {
      send();
      return undefined;
    }
    // A throw in `caught` (an invalid status) rejects, as the official handler's promise does.
    return pending.catch(caught).then(send);
  }
}

/** The per-request AbortSignal, made on first need (see `AbortSignalMode`). */
class RequestSignal {
  private signal: AbortSignal | undefined;

  constructor(
    private readonly req: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly mode: AbortSignalMode,
  ) {
    if (mode === 'always') this.get();
  }

  get(): AbortSignal {
    this.signal ??= createRequestSignal(this.req.raw, this.reply.raw);
    return this.signal;
  }

  forProcedure(procedure: InternalProcedure): AbortSignal | undefined {
    if (this.signal !== undefined) return this.signal;
    if (this.mode === 'auto' && procedureReadsSignal(procedure)) return this.get();
    return undefined;
  }
}
