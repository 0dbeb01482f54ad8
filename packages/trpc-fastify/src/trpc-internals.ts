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
