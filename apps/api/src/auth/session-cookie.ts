// Brings @fastify/cookie's reply.setCookie types along wherever this file is compiled.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'intake_session';

/**
 * The browser session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on
 * cross-site POSTs), Secure when the request came over HTTPS (directly or, with TRUST_PROXY,
 * through a proxy saying so), expiring with the session's absolute end.
 */
export function sessionCookie(req: FastifyRequest, reply: FastifyReply) {
  const base = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.protocol === 'https',
  };
  return {
    set(secret: string, expiresAt: Date) {
      reply.setCookie(SESSION_COOKIE, secret, { ...base, expires: expiresAt });
    },
    clear() {
      reply.clearCookie(SESSION_COOKIE, base);
    },
  };
}

export type SessionCookie = ReturnType<typeof sessionCookie>;
