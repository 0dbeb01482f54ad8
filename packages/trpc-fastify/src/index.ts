export type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
export type { AbortSignalMode } from './abort-signal.js';
export type { FastifyTRPCPluginOptions, ProcedureCallMode } from './options.js';
export { fastifyTRPCPlugin } from './plugin.js';
export {
  assertVerifiedTRPCVersion,
  installedTRPCVersion,
  isVerifiedTRPCVersion,
  VERIFIED_TRPC_VERSION,
} from './version-check.js';
