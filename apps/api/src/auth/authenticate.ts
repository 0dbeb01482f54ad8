import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { IntakeError } from '../errors.js';
import type { AuthService, TokenRefusal } from './auth-service.js';
import type { Principal } from './principal.js';
import { SESSION_COOKIE, sessionCookie } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling (session cookie or `Authorization: Bearer itk_…`); null when anonymous. */
    auth: Principal | null;
  }
}

/** Health probes and the metrics scrape (which has its own token). */
const UNAUTHENTICATED = new Set(['/healthz', '/readyz', '/metrics']);

const refusals: Record<TokenRefusal, string> = {
  unknown: 'This API token is not valid',
  expired: 'This API token has expired; create a new one',
  revoked: 'This API token was revoked',
  'no-workspace': 'The owner of this API token is no longer in its workspace',
};

/**
 * Resolves the caller once per request, for every route (tRPC, REST, tus, error reports, SSE):
 * what each route then allows is declared where the route is defined. Bearer tokens that are
 * not ours (`/metrics` has its own) are left to their route.
 */
export const authenticate = fp(
  async (app: FastifyInstance, opts: { auth: AuthService }) => {
    await app.register(fastifyCookie);
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (req, reply) => {
      // Probes and scrapes answer without a database lookup (a closed database is what they report).
      if (UNAUTHENTICATED.has(req.url.split('?')[0] ?? '')) return;
      const header = req.headers.authorization;
      if (header?.startsWith('Bearer itk_')) {
        const found = await opts.auth.resolveToken(header.slice('Bearer '.length).trim());
        if (typeof found === 'string') throw new IntakeError('UNAUTHORIZED', refusals[found]);
        req.auth = found;
        return;
      }
      const secret = req.cookies[SESSION_COOKIE];
      if (!secret) return;
      req.auth = (await opts.auth.resolveSession(secret)) ?? null;
      // An ended session's cookie is dropped, so the browser stops sending it.
      if (!req.auth) sessionCookie(req, reply).clear();
    });
  },
  { name: 'intake-authenticate' },
);
