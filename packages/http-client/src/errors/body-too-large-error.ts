import { HttpClientError, type RequestContext } from './http-client-error.js';

/** The response body passed `maxResponseBytes` (buffered calls) or `maxBytes` (downloads). */
export class BodyTooLargeError extends HttpClientError {
  override name = 'BodyTooLargeError' as const;
  readonly code = 'BODY_TOO_LARGE' as const;
  readonly limitBytes: number;

  constructor(request: RequestContext, limitBytes: number, options?: { cause?: unknown }) {
    super(
      `Response body exceeds ${limitBytes} bytes: ${request.method} ${request.url}`,
      request,
      options,
    );
    this.limitBytes = limitBytes;
  }
}

export const isBodyTooLargeError = (error: unknown): error is BodyTooLargeError =>
  error instanceof BodyTooLargeError;
