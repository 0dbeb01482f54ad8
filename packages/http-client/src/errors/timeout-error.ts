import { HttpClientError, type RequestContext } from './http-client-error.js';

/**
 * `connect`: TCP + TLS handshake; `headers`: waiting for the response head after the request was
 * sent; `body`: idle gap between two body chunks; `total`: the per-call deadline, retries included.
 */
export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

export class TimeoutError extends HttpClientError {
  override name = 'TimeoutError' as const;
  readonly code = 'TIMEOUT' as const;
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;

  constructor(
    request: RequestContext,
    phase: TimeoutPhase,
    timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Request timed out (${phase}, ${timeoutMs} ms): ${request.method} ${request.url}`,
      request,
      options,
    );
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

export const isTimeoutError = (error: unknown): error is TimeoutError =>
  error instanceof TimeoutError;
