import { HttpClientError, type RequestContext } from './http-client-error.js';

/** Coarse family of the socket failure, so callers and retry rules need not know errno names. */
export type NetworkErrorReason = 'dns' | 'connect' | 'reset' | 'tls' | 'other';

/** No usable response: DNS failure, refused or reset connection, TLS failure, closed socket. */
export class NetworkError extends HttpClientError {
  override name = 'NetworkError' as const;
  readonly code = 'NETWORK_ERROR' as const;
  readonly reason: NetworkErrorReason;
  /** The system or undici error code (ECONNRESET, ENOTFOUND, UND_ERR_SOCKET, ...) when known. */
  readonly systemCode: string | undefined;

  constructor(
    request: RequestContext,
    reason: NetworkErrorReason,
    systemCode: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `Network error (${reason}${systemCode ? `, ${systemCode}` : ''}): ${request.method} ${request.url}`,
      request,
      options,
    );
    this.reason = reason;
    this.systemCode = systemCode;
  }
}

export const isNetworkError = (error: unknown): error is NetworkError =>
  error instanceof NetworkError;
