import { createRequire } from 'node:module';

/**
 * The exact tRPC version the fast path was checked against with the golden suite. The fast path
 * re-implements the JSON part of `resolveResponse` (status codes, error messages, batching rules)
 * and walks `procedureBuilder.ts`'s middleware chain itself (`procedure-pipeline.ts`), so any
 * release, a patch included, may change behaviour without a type error anywhere.
 */
export const VERIFIED_TRPC_VERSION = '11.22.1';

const require = createRequire(import.meta.url);

/** The `@trpc/server` this package actually imports (resolved from this file, like its imports). */
export function installedTRPCVersion(): string {
  const pkg: unknown = require('@trpc/server/package.json');
  if (
    typeof pkg === 'object' &&
    pkg !== null &&
    'version' in pkg &&
    typeof pkg.version === 'string'
  ) {
    return pkg.version;
  }
  return 'unknown';
}

export function isVerifiedTRPCVersion(version: string): boolean {
  return version === VERIFIED_TRPC_VERSION;
}

export function assertVerifiedTRPCVersion(version: string, allowUnverified: boolean): void {
  if (allowUnverified || isVerifiedTRPCVersion(version)) return;
  throw new Error(
    `@intake/trpc-fastify: its fast path was verified with @trpc/server ${VERIFIED_TRPC_VERSION}, ` +
      `but ${version} is installed. Run the golden suite (pnpm --filter @intake/trpc-fastify test) ` +
      `against ${version}, then bump VERIFIED_TRPC_VERSION in src/version-check.ts; or register the ` +
      'plugin with `allowUnverifiedTRPCVersion: true` (fast path on, unverified) or ' +
      '`fastPath: false` (official handler only).',
  );
}
