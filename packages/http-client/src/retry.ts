import type { KnownHttpClientError } from './errors/known-error.js';
import type { NormalizedRetry } from './options.js';
import { fullJitterDelay } from './utils/backoff.js';
import { parseRetryAfter } from './utils/retry-after.js';

export interface RetryInput {
  readonly error: KnownHttpClientError;
  readonly method: string;
  /** Retries done so far (0 after the first attempt failed). */
  readonly retries: number;
  readonly hasIdempotencyKey: boolean;
  readonly bodyReplayable: boolean;
  /** Milliseconds left before the call's total deadline. */
  readonly remainingMs: number;
}

/** The delay before the next attempt, or undefined when the error must be thrown now. */
export const retryDelay = (retry: NormalizedRetry, input: RetryInput): number | undefined => {
  const { error } = input;
  if (input.retries >= retry.limit || !input.bodyReplayable) return undefined;
  // A request refused before it was sent cannot have had an effect, whatever the method.
  const neverSent =
    error.code === 'NETWORK_ERROR' && (error.reason === 'dns' || error.reason === 'connect');
  const safeToResend =
    input.hasIdempotencyKey ||
    neverSent ||
    (retry.methods as readonly string[]).includes(input.method);
  if (!safeToResend) return undefined;

  let delay: number | undefined;
  switch (error.code) {
    case 'HTTP_ERROR': {
      if (!retry.statusCodes.includes(error.status)) return undefined;
      const retryAfter = parseRetryAfter(error.headers['retry-after']);
      if (retryAfter !== undefined) {
        if (retryAfter > retry.maxRetryAfterMs) return undefined;
        delay = retryAfter;
      }
      break;
    }
    case 'NETWORK_ERROR':
      if (!retry.onNetworkError) return undefined;
      break;
    case 'TIMEOUT':
      if (!retry.onTimeout || error.phase === 'total') return undefined;
      break;
    default:
      return undefined;
  }
  delay ??= fullJitterDelay(input.retries + 1, retry.baseDelayMs, retry.maxDelayMs);
  // Waiting past the deadline only turns this error into a less useful TimeoutError.
  return delay < input.remainingMs ? delay : undefined;
};
