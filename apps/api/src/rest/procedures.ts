import type { AnyTRPCProcedure } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { z } from 'zod';
import { appRouter } from '../trpc/root.js';

type OpenApi = NonNullable<OpenApiMeta['openapi']>;

export interface RestProcedure {
  /** tRPC path, e.g. `imports.get`. */
  path: string;
  method: OpenApi['method'];
  /** Fastify URL under /api, e.g. `/imports/:id`. */
  url: string;
  input: z.ZodType | undefined;
}

/**
 * The procedures that declare an `openapi` meta, read once from the router. tRPC keeps them in
 * `_def.procedures` (flat, keyed by dotted path); this file is the one place that knows it.
 */
export function restProcedures(): RestProcedure[] {
  // At run time `_def.procedures` is flat, keyed by dotted path; its type is the nested record.
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  return Object.entries(procedures).flatMap(([path, procedure]) => {
    const def = procedure._def as unknown as { meta?: OpenApiMeta; inputs: z.ZodType[] };
    const openapi = def.meta?.openapi;
    if (!openapi || openapi.enabled === false) return [];
    return [
      {
        path,
        method: openapi.method,
        url: openapi.path.replace(/\{(\w+)\}/g, ':$1'),
        input: def.inputs[0],
      },
    ];
  });
}
