import { HttpClientError, type RequestContext } from './http-client-error.js';

export interface HttpErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** First bytes of the body as text, card-like numbers masked; enough to read a provider's error. */
  readonly bodySnippet: string;
}

/** The server answered with a status outside 2xx and `throwHttpErrors` was on (the default). */
export class HttpError extends HttpClientError {
  override name = 'HttpError' as const;
  readonly code = 'HTTP_ERROR' as const;
  readonly status: number;
  readonly headers: HttpErrorResponse['headers'];
  readonly bodySnippet: string;

  constructor(request: RequestContext, response: HttpErrorResponse, options?: { cause?: unknown }) {
    super(
      `Request failed with status ${response.status}: ${request.method} ${request.url} (request id ${request.requestId})`,
      request,
      options,
    );
    this.status = response.status;
    this.headers = response.headers;
    this.bodySnippet = response.bodySnippet;
  }
}

export const isHttpError = (error: unknown): error is HttpError => error instanceof HttpError;
