/**
 * Every error this package throws. Switch on `code` (stable, string literal per subclass) rather
 * than on `instanceof` when the error may have crossed a realm or a serialization boundary.
 */
export type HttpClientErrorCode =
  | 'HTTP_ERROR'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'RESPONSE_VALIDATION'
  | 'ABORTED'
  | 'BODY_TOO_LARGE';

/** What every error knows about the call that failed; `url` never holds credentials or secrets. */
export interface RequestContext {
  readonly method: string;
  readonly url: string;
  readonly requestId: string;
}

export abstract class HttpClientError extends Error {
  abstract readonly code: HttpClientErrorCode;
  readonly method: string;
  readonly url: string;
  readonly requestId: string;

  constructor(message: string, request: RequestContext, options?: { cause?: unknown }) {
    super(message, options);
    this.method = request.method;
    this.url = request.url;
    this.requestId = request.requestId;
  }
}

export const isHttpClientError = (error: unknown): error is HttpClientError =>
  error instanceof HttpClientError;
