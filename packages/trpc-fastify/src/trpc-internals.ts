// The only module that touches tRPC fields marked @internal (`router._def.procedures`, `_def.lazy`,
// `procedure._def`, calling a procedure directly). Everything else in the package sees these
// narrow types, so a tRPC upgrade that moves them breaks here, and `version-check.ts` refuses to
// start on a version this was not verified with.
import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

/** The options `resolveResponse` passes to a procedure (`procedureBuilder.ts` `ProcedureCallOptions`). */
export interface ProcedureCallOptions {
  path: string;
  getRawInput: () => Promise<unknown>;
  ctx: unknown;
  type: ProcedureType;
  signal: AbortSignal | undefined;
  batchIndex: number;
}

export interface InternalProcedure {
  (opts: ProcedureCallOptions): Promise<unknown>;
  _def: {
    type: ProcedureType;
    resolver?: unknown;
    middlewares?: readonly unknown[];
    meta?: unknown;
  };
}

export type RouterConfig = AnyTRPCRouter['_def']['_config'];

export interface RouterInternals {
  config: RouterConfig;
  /** Flat `"a.b"` -> procedure map; a null-prototype object, filled in as lazy routers load. */
  procedures: Readonly<Record<string, InternalProcedure | undefined>>;
  /** Not yet loaded lazy routers, keyed by their path; an entry is deleted once loaded. */
  lazy: Readonly<Record<string, unknown>>;
  deserializeInput: (value: unknown) => unknown;
}

export function getRouterInternals(router: AnyTRPCRouter): RouterInternals {
  const def = router._def;
  const config: RouterConfig = def._config;
  const input = config.transformer.input;
  return {
    config,
    procedures: def.procedures as Record<string, InternalProcedure | undefined>,
    lazy: def.lazy,
    deserializeInput: (value) => input.deserialize(value),
  };
}

/** `TRPCRequestInfoProcedureCall.procedure` is typed with tRPC's own procedure type. */
export function asPublicProcedure(procedure: InternalProcedure | null): AnyTRPCProcedure | null {
  return procedure as unknown as AnyTRPCProcedure | null;
}

/**
 * The bodies of tRPC's `procedure()` (`createProcedureCaller`) and `resolveMiddleware`
 * (`createResolver`) in `procedureBuilder.ts` of 11.22.1, without whitespace (and without the
 * CommonJS build's `require_x.` prefixes). `procedure-pipeline.ts` re-walks what these run.
 */
const PROCEDURE_SOURCE =
  'asyncfunctionprocedure(opts){if(!opts||!("getRawInput"inopts))thrownewError(codeblock);' +
  'constresult=awaitcallRecursive(0,_def,opts);if(!result)thrownewTRPCError({code:' +
  '"INTERNAL_SERVER_ERROR",message:"Noresultfrommiddlewares-didyouforgetto`returnnext()`?"});' +
  'if(!result.ok)throwresult.error;returnresult.data;}';
const RESOLVE_MIDDLEWARE_SOURCE =
  'asyncfunctionresolveMiddleware(opts){constdata=awaitresolver(opts);return{marker:' +
  'middlewareMarker,ok:true,data,ctx:opts.ctx};}';

function sourceOf(fn: unknown): string {
  if (typeof fn !== 'function') return '';
  return Function.prototype.toString
    .call(fn)
    .replace(/\s+/g, '')
    .replace(/require_[\w$]+\./g, '');
}

export interface ProcedurePipeline {
  /** `_def.middlewares`; the last one is `resolveMiddleware`. */
  middlewares: readonly ((opts: Record<string, unknown>) => unknown)[];
  /** What `resolveMiddleware` calls. */
  resolver: (opts: Record<string, unknown>) => unknown;
  meta: unknown;
}

/**
 * The middlewares and resolver of a procedure built by tRPC's procedure builder, if it is exactly
 * the shape this package was verified with; `null` (call it through tRPC) for anything else, e.g.
 * `experimental_caller` procedures or another tRPC build.
 */
export function readPipeline(procedure: InternalProcedure): ProcedurePipeline | null {
  const def = procedure._def;
  const middlewares = def.middlewares;
  if (sourceOf(procedure) !== PROCEDURE_SOURCE) return null;
  if (!Array.isArray(middlewares) || middlewares.length === 0) return null;
  if (!middlewares.every((middleware) => typeof middleware === 'function')) return null;
  if (sourceOf(middlewares[middlewares.length - 1]) !== RESOLVE_MIDDLEWARE_SOURCE) return null;
  if (typeof def.resolver !== 'function') return null;
  return {
    middlewares: middlewares as ProcedurePipeline['middlewares'],
    resolver: def.resolver as ProcedurePipeline['resolver'],
    meta: def.meta,
  };
}
