import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { openApiDocument } from './openapi-document.js';

/** `/api/openapi.json` and a browsable reference at `/api/docs`, served from local files. */
export async function restDocs(app: FastifyInstance, opts: { version: string }) {
  const document = openApiDocument(opts.version);
  await app.register(fastifySwagger, {
    mode: 'static',
    specification: { document: document as never },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI runs inline scripts: its own CSP (with their hashes) replaces the app's strict
    // one on these routes only (src/http/security-headers.ts). Framing stays forbidden, and
    // upgrade-insecure-requests would break the page on a plain-HTTP install.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => document);
}
