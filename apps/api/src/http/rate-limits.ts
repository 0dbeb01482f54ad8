import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createFailureLimiter, type FailureLimiter } from './failure-limiter.js';
import {
  createWindow,
  type RateLimitWindow,
  setRateLimitHeaders,
  type WindowState,
} from './rate-limit-window.js';
import { RateLimitedError } from './rate-limited-error.js';
import { classifyRequest } from './request-classes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** 10 failures per 15 min per account+IP by default (RATE_LIMIT_SIGN_IN_*). */
    signInLimiter: FailureLimiter;
  }
}

export interface RateLimitsOptions {
  limits: Config['rateLimits'];
  /** Set: counters live in this Redis, shared by every API instance. Unset: in memory. */
  redis: { url: string; prefix: string } | undefined;
  prefixes: { trpc: string; uploads: string };
  /**
   * The signed-in user's id, when the request carries a session or token; limits then follow the
   * user across addresses. Undefined (the default): the client IP (TRUST_PROXY decides whether
   * X-Forwarded-For is believed, through Fastify's `req.ip`).
   */
  identify?: (req: FastifyRequest) => string | undefined | Promise<string | undefined>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The window closest to refusing decides the RateLimit-* headers; the longest wait, Retry-After. */
function tightest(states: WindowState[]): WindowState | undefined {
  const exceeded = states.filter((s) => s.exceeded);
  if (exceeded.length > 0) {
    return exceeded.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
  }
  return states.reduce<WindowState | undefined>(
    (a, b) => (a === undefined || b.remaining < a.remaining ? b : a),
    undefined,
  );
}

/**
 * Abuse limits per client: imports (JSON, from upload, tus upload creation) per hour and per
 * day, reads per second, and the sign-in failure limiter. Runs in onRequest, before any body is
 * read, so a flood of large imports costs no parsing. A refusal is 429 RATE_LIMITED in our error
 * shape on both faces, with Retry-After and RateLimit-* headers.
 */
export const rateLimits = fp(
  async (app: FastifyInstance, opts: RateLimitsOptions) => {
    const { limits } = opts;
    const redis = opts.redis
      ? new Redis(opts.redis.url, {
          // Fail fast instead of queueing while Redis is away, so the store-error policy applies
          // within a request's time, not after ioredis's retries.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          commandTimeout: 1000,
          connectTimeout: 2000,
          lazyConnect: true,
        })
      : undefined;
    if (redis) {
      redis.on('error', (err) => app.log.debug({ err }, 'rate limit redis connection error'));
      await redis.connect().catch((err: unknown) => {
        app.log.warn({ err }, 'rate limit redis not reachable at start; it keeps retrying');
      });
      app.addHook('onClose', async () => {
        redis.disconnect();
      });
    }
    await app.register(fastifyRateLimit, {
      global: false,
      ...(redis ? { redis, nameSpace: `${opts.redis?.prefix}:rate-limit:` } : {}),
    });

    const onStoreError = limits.onStoreError;
    const window = (name: string, max: number, windowMs: number) =>
      max > 0 ? createWindow(app, { name, max, windowMs, onStoreError }) : undefined;
    const importWindows = [
      window('imports-hour', limits.importsPerHour, HOUR),
      window('imports-day', limits.importsPerDay, DAY),
    ].filter((w): w is RateLimitWindow => w !== undefined);
    const readWindow = window('reads-second', limits.readsPerSecond, 1000);

    app.decorate(
      'signInLimiter',
      createFailureLimiter(app, {
        name: 'sign-in-failures',
        max: limits.signInFailures,
        windowMs: limits.signInWindowMinutes * 60_000,
        onStoreError,
        what: `Too many failed sign-ins: at most ${limits.signInFailures} per ${limits.signInWindowMinutes} minutes (RATE_LIMIT_SIGN_IN_FAILURES)`,
      }),
    );

    const clientKey = async (req: FastifyRequest) => {
      const user = await opts.identify?.(req);
      return user ? `user:${user}` : `ip:${normalizeIP(req.ip)}`;
    };

    app.addHook('onRequest', async (req, reply) => {
      const cls = classifyRequest(req.method, req.url, opts.prefixes);
      if (!cls) return;
      const windows = cls.kind === 'import' ? importWindows : readWindow ? [readWindow] : [];
      if (windows.length === 0) return;
      const key = await clientKey(req);
      const hits = cls.kind === 'import' ? cls.count : 1;
      const states: WindowState[] = [];
      for (const w of windows) {
        let state: WindowState | undefined;
        for (let i = 0; i < hits; i++) state = await w.hit(req, key);
        if (state) states.push(state);
      }
      const shown = tightest(states);
      if (!shown) return;
      setRateLimitHeaders(reply, shown);
      if (!shown.exceeded) return;
      throw new RateLimitedError(
        cls.kind === 'import'
          ? `Too many imports: at most ${limits.importsPerHour || 'unlimited'} per hour and ${limits.importsPerDay || 'unlimited'} per day (RATE_LIMIT_IMPORTS_PER_*)`
          : `Too many requests: at most ${limits.readsPerSecond} reads per second (RATE_LIMIT_READS_PER_SECOND)`,
        shown.resetSeconds,
      );
    });
  },
  { name: 'intake-rate-limits' },
);
