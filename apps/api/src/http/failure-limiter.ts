import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createWindow, setRateLimitHeaders } from './rate-limit-window.js';
import { RateLimitedError } from './rate-limited-error.js';

/**
 * Counts failures (bad passwords), not attempts: a person who types the right password is never
 * slowed down, a guesser is stopped after `max` failures per window for that key.
 */
export interface FailureLimiter {
  /**
   * Call before checking the credentials. When `key` has used up its failures, sets
   * Retry-After and RateLimit-* on the reply and throws a RateLimitedError (429 RATE_LIMITED).
   */
  assertAllowed(req: FastifyRequest, reply: FastifyReply, key: string): Promise<void>;
  /** Call after a failed attempt. */
  recordFailure(req: FastifyRequest, key: string): Promise<void>;
}

/** A limiter that never refuses (the limit configured as 0). */
const unlimited: FailureLimiter = {
  async assertAllowed() {},
  async recordFailure() {},
};

/**
 * Sign-in keys are `account + IP` (e.g. `${email.toLowerCase()}|${req.ip}`), so one attacker
 * cannot lock an account out for everyone and cannot spray one account from one address.
 * Must be created after @fastify/rate-limit is registered (src/http/rate-limits.ts does).
 */
export function createFailureLimiter(
  app: FastifyInstance,
  opts: {
    name: string;
    max: number;
    windowMs: number;
    onStoreError: 'open' | 'closed';
    what: string;
  },
): FailureLimiter {
  if (opts.max === 0) return unlimited;
  const window = createWindow(app, opts);
  return {
    async assertAllowed(req, reply, key) {
      const state = await window.hit(req, key, { increment: false });
      if (!state?.exceeded) return;
      setRateLimitHeaders(reply, state);
      throw new RateLimitedError(opts.what, state.resetSeconds);
    },
    async recordFailure(req, key) {
      await window.hit(req, key);
    },
  };
}
