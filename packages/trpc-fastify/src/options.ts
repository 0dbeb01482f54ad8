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
  /** Start even if the installed `@trpc/server` is not the minor the fast path was verified with. */
  allowUnverifiedTRPCVersion?: boolean;
}

export type TRPCHandlerOptions = OfficialPluginOptions<AnyTRPCRouter>['trpcOptions'];
