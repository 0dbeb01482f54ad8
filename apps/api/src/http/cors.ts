import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * What a script on an allowed origin may read: our request id and limit headers, and the tus
 * headers a browser upload client needs (https://tus.io/protocols/resumable-upload#headers).
 */
const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'location',
  'upload-offset',
  'upload-length',
  'upload-metadata',
  'upload-expires',
  'tus-resumable',
  'tus-version',
  'tus-extension',
  'tus-max-size',
  'tus-checksum-algorithm',
];

/**
 * CORS from an allowlist (CORS_ORIGINS). Empty, the default, means same origin only: the web
 * app is served by this server and needs no CORS. An origin not on the list gets no
 * Access-Control-* header at all (in particular no Allow-Credentials), so a browser keeps that
 * page from reading our answers. Cookies (credentials) are allowed for listed origins only.
 */
export const cors = fp(
  async (app: FastifyInstance, opts: { origins: string[] }) => {
    const allowed = new Set(opts.origins);
    await app.register(fastifyCors, {
      // Resolving to false skips every CORS header for this request.
      origin: async (origin: string | undefined) =>
        origin !== undefined && allowed.has(origin) ? origin : false,
      credentials: true,
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  },
  { name: 'intake-cors' },
);
