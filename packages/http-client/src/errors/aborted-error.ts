import { HttpClientError, type RequestContext } from './http-client-error.js';

/** The caller's `signal` aborted the call; never retried. `cause` is the signal's reason. */
export class AbortedError extends HttpClientError {
  override name = 'AbortedError' as const;
  readonly code = 'ABORTED' as const;

  constructor(request: RequestContext, options?: { cause?: unknown }) {
    super(`Request aborted by the caller: ${request.method} ${request.url}`, request, options);
  }
}

export const isAbortedError = (error: unknown): error is AbortedError =>
  error instanceof AbortedError;
