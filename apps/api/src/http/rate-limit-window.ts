// Brings app.createRateLimit's types along wherever this file is compiled.
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IntakeError } from '../errors.js';

/** Where a window stands for one key after a request. */
export interface WindowState {
  limit: number;
  remaining: number;
  /** Seconds until the window starts over. */
  resetSeconds: number;
  exceeded: boolean;
}

export interface RateLimitWindow {
  readonly name: string;
  /**
   * Counts one hit for `key` (or only reads the count with `increment: false`). Undefined when
   * the store failed and the policy is fail-open: the request goes through unlimited.
   */
  hit(
    req: FastifyRequest,
    key: string,
    opts?: { increment?: boolean },
  ): Promise<WindowState | undefined>;
}

export interface WindowOptions {
  /** Part of the store key, so windows never share counters (`imports-hour`). */
  name: string;
  max: number;
  windowMs: number;
  /** A store that does not answer: let the request through (logged) or refuse it with 503. */
  onStoreError: 'open' | 'closed';
}

// A warning per failing request would flood the logs exactly when Redis is down.
const STORE_WARNING_INTERVAL_MS = 60_000;

/**
 * One fixed window of @fastify/rate-limit (in memory, or the Redis store the plugin was
 * registered with), counted per key we choose. `createRateLimit` takes its key from the request,
 * so the key is handed over through a WeakMap for the duration of the call.
 */
export function createWindow(app: FastifyInstance, opts: WindowOptions): RateLimitWindow {
  const keys = new WeakMap<FastifyRequest, string>();
  const limiter = app.createRateLimit({
    max: opts.max,
    timeWindow: opts.windowMs,
    keyGenerator: (req) => `${opts.name}:${keys.get(req) ?? ''}`,
    // Store errors reach us, so the policy below decides and says so in the log.
    skipOnError: false,
  });
  let lastWarning = 0;
  return {
    name: opts.name,
    async hit(req, key, hitOpts = {}) {
      keys.set(req, key);
      let result: Awaited<ReturnType<typeof limiter>>;
      try {
        result = await limiter(req, { increment: hitOpts.increment !== false });
      } catch (err) {
        if (opts.onStoreError === 'closed') {
          req.log.error({ err }, 'rate limit store failed; refusing the request (fail closed)');
          throw new IntakeError(
            'UNAVAILABLE',
            'Rate limiting is unavailable right now; try again shortly',
            { cause: err },
          );
        }
        if (Date.now() - lastWarning > STORE_WARNING_INTERVAL_MS) {
          lastWarning = Date.now();
          req.log.warn({ err }, 'rate limit store failed; requests pass unlimited (fail open)');
        }
        return undefined;
      } finally {
        keys.delete(req);
      }
      if (result.isAllowed) return undefined;
      // A read (increment: false) asks whether the next hit would still be allowed.
      const count = result.max - result.remaining;
      return {
        limit: result.max,
        remaining: result.remaining,
        resetSeconds: Math.max(1, result.ttlInSeconds),
        exceeded: hitOpts.increment === false ? count >= result.max : result.isExceeded,
      };
    },
  };
}

/**
 * RateLimit-Limit / -Remaining / -Reset (draft-ietf-httpapi-ratelimit-headers, the names
 * @fastify/rate-limit sends with enableDraftSpec), plus Retry-After (RFC 9110) once refused.
 */
export function setRateLimitHeaders(reply: FastifyReply, state: WindowState): void {
  reply.header('ratelimit-limit', state.limit);
  reply.header('ratelimit-remaining', state.remaining);
  reply.header('ratelimit-reset', state.resetSeconds);
  if (state.exceeded) reply.header('retry-after', state.resetSeconds);
}
