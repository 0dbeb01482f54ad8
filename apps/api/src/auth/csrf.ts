import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { IntakeError } from '../errors.js';
import { sameSecret } from './secrets.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin the request was addressed to, as a browser would write it in `Origin`. */
const ownOrigin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/**
 * CSRF defence for cookie sessions, two layers (OWASP):
 * 1. every state-changing request that a browser marks as coming from another site
 *    (`Sec-Fetch-Site: cross-site`, or an `Origin` that is neither ours nor allowed) is refused,
 *    signed in or not (login CSRF included);
 * 2. a state change made with the session cookie must carry the session's synchronizer token
 *    in `x-csrf-token` (the web app reads it from `auth.me`).
 * Bearer-token requests are exempt: a browser never adds that header by itself.
 */
export const csrfProtection = fp(
  async (app: FastifyInstance, opts: { allowedOrigins: readonly string[] }) => {
    const allowed = new Set(opts.allowedOrigins.map((o) => o.replace(/\/$/, '')));
    app.addHook('onRequest', async (req) => {
      if (!UNSAFE.has(req.method) || req.auth?.via === 'token') return;
      const origin = req.headers.origin;
      const site = req.headers['sec-fetch-site'];
      const foreign =
        (origin !== undefined && origin !== ownOrigin(req) && !allowed.has(origin)) ||
        (site === 'cross-site' && !(origin && allowed.has(origin)));
      if (foreign)
        throw new IntakeError('FORBIDDEN', 'Cross-site request refused (Origin not allowed)');
      if (req.auth?.via !== 'session') return;
      const token = req.headers['x-csrf-token'];
      if (
        typeof token !== 'string' ||
        !req.auth.csrfToken ||
        !sameSecret(token, req.auth.csrfToken)
      )
        throw new IntakeError(
          'FORBIDDEN',
          'Missing or wrong x-csrf-token: send the token from auth.me with every change',
        );
    });
  },
  { name: 'intake-csrf', dependencies: ['intake-authenticate'] },
);
