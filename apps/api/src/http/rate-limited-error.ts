import { IntakeError } from '../errors.js';

/**
 * 429 RATE_LIMITED: a client used up a window. The limiter has already put `Retry-After` and
 * `RateLimit-*` on the reply; the seconds travel here too for logs and callers of the limiter.
 */
export class RateLimitedError extends IntakeError {
  override name = 'RateLimitedError';
  constructor(
    what: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', `${what}. Try again in ${retryAfterSeconds} s.`);
  }
}
