import { errorBody } from '@intake/schema';
import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { z } from 'zod';
import { appRouter } from '../trpc/root.js';

/**
 * The OpenAPI 3 document of the REST face, generated from the router's procedures and their zod
 * schemas. trpc-to-openapi describes errors in its own shape; ours is `{ error: { code, ... } }`,
 * so every error response is pointed at that schema.
 */
export function openApiDocument(version: string): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'Intake REST API',
    description:
      'The REST face of the Intake tRPC router. Every error answers `{ "error": { "code", "message", "requestId", "issues"? } }` with a stable code.',
    version,
    baseUrl: '/api',
  });
  const errorSchema = z.toJSONSchema(errorBody, { target: 'openapi-3.0' });
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(
      item as Record<string, { responses?: Record<string, unknown> }>,
    )) {
      const responses = op.responses ?? {};
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const r = response as { description?: string };
        responses[status] = {
          description: r.description ?? 'Error',
          content: { 'application/json': { schema: errorSchema } },
        };
      }
    }
  }
  return doc;
}
