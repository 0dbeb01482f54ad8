import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityHeadersOptions {
  /** PUBLIC_URL: https there means every request reached us over HTTPS (a TLS proxy in front). */
  publicUrl: string | undefined;
}

/**
 * The built web app loads only its own hashed files: no inline script or style, no eval. Vite
 * emits `<script type="module" src>` and `<link rel="stylesheet">` (test/security checks the
 * built index.html). `wasm-unsafe-eval` lets hash-wasm compile its WebAssembly (MD5/SHA-256 of a
 * file before upload) without allowing JavaScript eval. /api/docs has its own policy
 * (src/rest/docs.ts): Swagger UI needs hashed inline scripts.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

// Two years with subdomains: the value hstspreload.org asks for.
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * @fastify/helmet on every answer (pages and API): CSP above, X-Content-Type-Options: nosniff,
 * X-Frame-Options (for browsers without frame-ancestors), Referrer-Policy no-referrer, and the
 * rest of helmet's defaults. HSTS only over HTTPS: sent on plain HTTP it would pin a browser to
 * an https:// this server may not have. HTTPS is PUBLIC_URL https://..., or the request itself
 * (TLS here, or X-Forwarded-Proto: https from a proxy trusted by TRUST_PROXY).
 */
export const securityHeaders = fp(
  async (app: FastifyInstance, opts: SecurityHeadersOptions) => {
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      strictTransportSecurity: false,
      frameguard: { action: 'deny' },
      // The web app opens nothing cross-origin, and API clients ignore these.
      crossOriginEmbedderPolicy: false,
    });
    const publicHttps = opts.publicUrl?.startsWith('https://') ?? false;
    const overHttps = (req: FastifyRequest) => publicHttps || req.protocol === 'https';
    app.addHook('onRequest', async (req, reply) => {
      if (overHttps(req)) reply.header('strict-transport-security', HSTS);
    });
  },
  { name: 'intake-security-headers' },
);
