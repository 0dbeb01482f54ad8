import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './error-handler.js';

const apiPrefixes = ['/api/', '/trpc/', '/healthz', '/readyz'];

/**
 * Serves the built web app (hashed assets cached for a year, index.html never cached) and
 * answers every other unknown GET that asks for HTML with index.html, so client-side routes
 * survive a reload. Unknown API routes get a 404 in the REST error shape.
 */
export async function webApp(app: FastifyInstance, opts: { distDir: string }) {
  const built = existsSync(join(opts.distDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: opts.distDir,
      wildcard: false,
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/plain')
        .send('Intake API is running. The web app is not built: run `pnpm build`.'),
    );
  }

  app.setNotFoundHandler((req, reply) => {
    const isApi = apiPrefixes.some((p) => req.url.startsWith(p));
    if (built && req.method === 'GET' && !isApi && req.headers.accept?.includes('text/html')) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, req, {
      code: 'NOT_FOUND',
      status: 404,
      message: `Route ${req.method} ${req.url.split('?')[0]} does not exist`,
    });
  });
}
