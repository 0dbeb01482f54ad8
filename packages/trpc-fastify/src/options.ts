import type { AnyTRPCRouter } from '@trpc/server';
import type { FastifyTRPCPluginOptions as OfficialPluginOptions } from '@trpc/server/adapters/fastify';
import type { AbortSignalMode } from './abort-signal.js';

/**
 * The official `FastifyTRPCPluginOptions` (same `prefix`, `useWSS`, `trpcOptions`), plus opt-ins.
 */
export interface FastifyTRPCPluginOptions<TRouter extends AnyTRPCRouter>
  extends OfficialPluginOptions<TRouter> {
  /** Serve plain JSON calls without the Fetch round trip. Default `true`; `false` = official only. */
  fastPath?: boolean;
  /** Per-request AbortSignal on the fast path; see `AbortSignalMode`. Default `'auto'`. */
  abortSignal?: AbortSignalMode;
  /**
   * How the fast path runs a single call's procedure: `'inline'` (default) walks its middlewares
   * itself (`procedure-pipeline.ts`, same behaviour, fewer allocations and promise turns);
   * `'trpc'` calls tRPC's own `procedure()`. Batches always use tRPC's.
   */
  procedureCall?: ProcedureCallMode;
  /** Start even if the installed `@trpc/server` is not the version the fast path was verified with. */
  allowUnverifiedTRPCVersion?: boolean;
}

export type ProcedureCallMode = 'inline' | 'trpc';

export type TRPCHandlerOptions = OfficialPluginOptions<AnyTRPCRouter>['trpcOptions'];
