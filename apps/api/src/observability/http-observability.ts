import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type IntakeMetrics, statusClass } from './metrics.js';
import { runWithRequestId } from './request-context.js';
import type { RollingWindow } from './rolling-window.js';

export interface HttpObservabilityOptions {
  metrics: IntakeMetrics | undefined;
  /** The Health page's rolling window (fed whether or not metrics are enabled). */
  window: RollingWindow;
  trpcPrefix: string;
  /** Every tRPC procedure path: the only values the `route` label takes for tRPC calls. */
  procedures: ReadonlySet<string>;
  uploadsPrefix: string;
}

/**
 * One log line and one histogram observation per request, when its answer is sent, and the
 * request id in AsyncLocalStorage for outbound calls made while handling it. The `route` label is
 * the tRPC procedure path or Fastify's route pattern, never the raw URL: 1,000 distinct ids make
 * no new series (test/observability/metrics.test.ts).
 */
export function installHttpObservability(app: FastifyInstance, opts: HttpObservabilityOptions) {
  const trpcRoute = `${opts.trpcPrefix}/:path`;
  const routeOf = (req: FastifyRequest): string => {
    const pattern = req.routeOptions.url;
    if (!pattern) return 'unmatched';
    if (pattern !== trpcRoute) return pattern;
    const path = (req.params as { path?: string }).path ?? '';
    if (path.includes(',')) return 'trpc:batch';
    return opts.procedures.has(path) ? path : 'trpc:unknown';
  };

  // Callback style on purpose: what runs after `done` (handler, later hooks) inherits the store.
  app.addHook('onRequest', (req, _reply, done) => {
    runWithRequestId({ requestId: req.id, mixin: false }, done);
  });

  const { metrics } = opts;
  // The level is fixed at start; checking once saves building the line's object per request.
  const logRequests = ['trace', 'debug', 'info'].includes(app.log.level);
  app.addHook('onResponse', async (req, reply) => {
    const status = reply.statusCode;
    const seconds = reply.elapsedTime / 1000;
    const route = routeOf(req);
    opts.window.recordRequest(
      route,
      route === 'trpc:batch' || opts.procedures.has(route),
      reply.elapsedTime,
      status,
    );
    metrics?.httpDuration.observe(
      { route, method: req.method, status_class: statusClass(status) },
      seconds,
    );
    if (
      metrics &&
      status < 300 &&
      (req.method === 'PATCH' || req.method === 'POST') &&
      req.url.startsWith(opts.uploadsPrefix)
    ) {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > 0) metrics.uploadBytes.inc(length);
    }
    if (!logRequests) return;
    const query = req.url.indexOf('?');
    req.log.info(
      {
        http: { request: { method: req.method }, response: { status_code: status } },
        url: { path: query === -1 ? req.url : req.url.slice(0, query) },
        // ECS event.duration is in nanoseconds.
        event: { duration: Math.round(reply.elapsedTime * 1e6) },
        route,
      },
      'request completed',
    );
  });
}
