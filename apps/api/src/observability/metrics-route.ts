import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import ipaddr from 'ipaddr.js';
import { sendError } from '../http/error-handler.js';
import type { IntakeMetrics } from './metrics.js';

const isLoopback = (address: string | undefined): boolean => {
  if (!address || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'loopback';
};

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * GET /metrics in Prometheus text format. With INTAKE_METRICS_TOKEN a scraper must send it as a
 * Bearer token (401 otherwise); without one only loopback callers may read (403 otherwise), so a
 * fresh install does not publish its internals. The socket address is what counts, not
 * X-Forwarded-For: behind a proxy, set the token.
 */
export async function metricsRoute(
  app: FastifyInstance,
  opts: { metrics: IntakeMetrics; token: string | undefined },
) {
  app.get('/metrics', async (req, reply) => {
    if (opts.token) {
      const header = req.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!sameSecret(given, opts.token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendError(reply, req, {
          code: 'UNAUTHORIZED',
          status: 401,
          message: 'GET /metrics needs Authorization: Bearer <INTAKE_METRICS_TOKEN>',
        });
      }
    } else if (!isLoopback(req.socket.remoteAddress)) {
      return sendError(reply, req, {
        code: 'FORBIDDEN',
        status: 403,
        message: 'Metrics are served to loopback callers only; set INTAKE_METRICS_TOKEN to scrape',
      });
    }
    const body = await opts.metrics.render();
    return reply.type(opts.metrics.registry.contentType).send(body);
  });
}
