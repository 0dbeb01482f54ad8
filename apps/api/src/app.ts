import { fastifyTRPCPlugin as fastTRPCPlugin } from '@intake/trpc-fastify';
import {
  type FastifyTRPCPluginOptions,
  fastifyTRPCPlugin as officialTRPCPlugin,
} from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { authenticate } from './auth/authenticate.js';
import { csrfProtection } from './auth/csrf.js';
import type { Config } from './config.js';
import { createServices } from './create-services.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { cors } from './http/cors.js';
import { describeError } from './http/describe-error.js';
import { installDrain, isResumable } from './http/drain.js';
import { installErrorHandlers } from './http/error-handler.js';
import { healthRoutes } from './http/health.js';
import { jsonDepthLimit } from './http/json-depth.js';
import { rateLimits } from './http/rate-limits.js';
import { requestIdFrom } from './http/request-id.js';
import { securityHeaders } from './http/security-headers.js';
import { webApp } from './http/web-app.js';
import { installHttpObservability } from './observability/http-observability.js';
import { createLogging } from './observability/logger.js';
import { IntakeMetrics } from './observability/metrics.js';
import { metricsRoute } from './observability/metrics-route.js';
import { RollingWindow } from './observability/rolling-window.js';
import { paymentWebhookRoute } from './payments/webhook-route.js';
import { restDocs } from './rest/docs.js';
import { errorReportRoute } from './rest/error-report.js';
import { restFace } from './rest/rest-face.js';
import { contextFactory } from './trpc/context.js';
import { type AppRouter, appRouter } from './trpc/root.js';
import { UPLOADS_PREFIX, uploads } from './uploads/uploads-plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The open database, for health checks and operator tooling. */
    database: DatabaseHandle;
    /** Metrics (undefined with METRICS_ENABLED=false) and the log shipper, for tests and tools. */
    observability: Pick<ReturnType<typeof createLogging>, 'shipper'> & {
      metrics: IntakeMetrics | undefined;
    };
  }
}

export interface BuildOptions {
  /** Where log lines go instead of stdout (tests read them from here). */
  logDestination?: DestinationStream;
}

export const TRPC_PREFIX = '/trpc';
const VERSION = '0.1.0';

/**
 * Builds the whole API for a config: database (PGlite or PostgreSQL, migrated), services, the
 * tRPC router at /trpc, its REST face at /api, health checks and the web app. The caller
 * listens and closes; closing the app closes the database.
 */
export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const database = await openDatabase(config);
  const metrics = config.metricsEnabled ? new IntakeMetrics() : undefined;
  const logging = createLogging(config, { metrics, destination: options.logDestination });
  const app = Fastify({
    // Typed as Fastify's base logger so plugins keep the default FastifyInstance type.
    loggerInstance: logging.logger as FastifyBaseLogger,
    // One ECS line per request from http-observability.ts replaces Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // ECS names for the request id, so Kibana correlates lines by trace.id / transaction.id.
    childLoggerFactory: (logger, bindings, opts) => {
      const id = String(bindings.reqId);
      return logger.child({ 'trace.id': id, 'transaction.id': id }, opts);
    },
    bodyLimit: config.bodyLimitBytes,
    // A tRPC batch names its procedures in one path parameter (`/trpc/a.b,c.d,...`): Fastify's
    // default of 100 characters refused batches of a handful of calls with 414, in its own shape.
    // Node's header limit (16 KiB) bounds the whole URL anyway.
    routerOptions: { maxParamLength: 16 * 1024 },
    // Whose X-Forwarded-For / -Proto to believe for req.ip (rate limit keys) and req.protocol.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    genReqId: requestIdFrom,
    requestIdHeader: false,
  });
  app.decorate('database', database);
  app.decorate('observability', { metrics, shipper: logging.shipper });
  app.addHook('onClose', () => database.close());
  // Graceful stop (SIGTERM, app.close()): readiness off, job workers stop, requests finish.
  const drain = installDrain(app, {
    onStart: () =>
      void wiring
        .stopWorker()
        .catch((err: unknown) => app.log.error({ err }, 'could not stop the job workers')),
    resumable: (req) => isResumable(req, UPLOADS_PREFIX),
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installErrorHandlers(app, { bodyLimitBytes: config.bodyLimitBytes, trpcPrefix: TRPC_PREFIX });
  // Request outcomes for the Health page and alerts (ops.dashboard), with nothing else installed.
  const healthWindow = new RollingWindow({ bucketSeconds: config.health.bucketSeconds });
  installHttpObservability(app, {
    metrics,
    window: healthWindow,
    trpcPrefix: TRPC_PREFIX,
    procedures: new Set(Object.keys(appRouter._def.procedures)),
    uploadsPrefix: UPLOADS_PREFIX,
  });
  // Without PUBLIC_URL, callbacks go to the address this process actually listens on.
  const publicUrl = () => {
    if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
    const address = app.server.address();
    const port = address && typeof address === 'object' ? address.port : config.port;
    return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  };
  const wiring = createServices({
    config,
    db: database.db,
    copyRows: database.copyRows,
    // Fastify's logger is a pino Logger at run time; its type just omits pino's extras.
    log: app.log as unknown as Logger,
    publicUrl,
    metrics,
    healthWindow,
  });
  const { services } = wiring;
  app.addHook('onClose', () => wiring.close());
  // First start: the admin named by INTAKE_ADMIN_EMAIL / INTAKE_ADMIN_PASSWORD, if no account exists.
  app.addHook('onReady', async () => {
    if (await services.auth.bootstrapAdmin())
      app.log.info({ email: config.auth.admin?.email }, 'created the first admin account');
  });
  if (config.runWorker) app.addHook('onReady', () => wiring.startWorker());
  // Browser defenses and abuse limits, before any route so that they cover every one.
  await app.register(securityHeaders, { publicUrl: config.publicUrl });
  await app.register(cors, { origins: config.corsOrigins });
  // Who is calling (session cookie or Bearer token), then CSRF checks for cookie sessions.
  await app.register(authenticate, { auth: services.auth });
  await app.register(csrfProtection, {
    allowedOrigins: [
      ...config.corsOrigins,
      ...(config.publicUrl ? [new URL(config.publicUrl).origin] : []),
    ],
  });
  // API answers hold workspace data: never stored by the browser or a proxy (the back button
  // after signing out shows nothing private).
  app.addHook('onSend', async (req, reply) => {
    if (!reply.hasHeader('cache-control') && /^\/(api|trpc)\//.test(req.url))
      reply.header('cache-control', 'no-store');
  });
  await app.register(jsonDepthLimit, { maxDepth: config.maxJsonDepth });
  await app.register(rateLimits, {
    identify: (req) => req.auth?.userId,
    limits: config.rateLimits,
    redis: config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : undefined,
    prefixes: { trpc: TRPC_PREFIX, uploads: UPLOADS_PREFIX },
  });

  const createContext = contextFactory(services, metrics, app.signInLimiter);

  const trpcPlugin = config.trpcAdapter === 'fast' ? fastTRPCPlugin : officialTRPCPlugin;
  await app.register(trpcPlugin, {
    prefix: TRPC_PREFIX,
    trpcOptions: {
      router: appRouter,
      createContext,
      onError({ error, req }) {
        if (describeError(error, config).unexpected)
          req.log.error({ err: error }, 'unexpected error in tRPC procedure');
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  await app.register(
    async (rest) => {
      // JSON only: anything else is a 415 from Fastify, in our error shape.
      rest.removeContentTypeParser('text/plain');
      await restFace(rest, { createContext: (req, res) => createContext({ req, res }) });
      await errorReportRoute(rest, { db: database.db });
      await rest.register(paymentWebhookRoute, {
        secret: config.payments?.callbackSecret,
        payments: services.payments,
      });
    },
    { prefix: '/api' },
  );
  // tus uploads: its own scope, body parsers that stream instead of buffering.
  await app.register(uploads, {
    prefix: UPLOADS_PREFIX,
    config,
    db: database.db,
    verifier: wiring.uploadVerifier,
  });
  await restDocs(app, { version: VERSION });
  await healthRoutes(app, {
    db: database.db,
    database: database.kind,
    draining: () => drain.draining,
  });
  if (metrics) await metricsRoute(app, { metrics, token: config.metricsToken });
  await webApp(app, { distDir: config.webDistDir });
  // Last, so lines logged while the rest closes still reach Elasticsearch.
  app.addHook('onClose', () => logging.close());
  // Added last, so it runs first (onClose hooks run in reverse): handlers of requests cut by the
  // close (an upload recording its offset) finish before anything they use is closed.
  app.addHook('onClose', () => drain.settled());
  return app;
}
