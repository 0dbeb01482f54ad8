import { AbortedError } from './errors/aborted-error.js';
import { HttpClientError, type RequestContext } from './errors/http-client-error.js';
import type { KnownHttpClientError } from './errors/known-error.js';
import { NetworkError, type NetworkErrorReason } from './errors/network-error.js';
import { TimeoutError } from './errors/timeout-error.js';
import type { TimeoutOptions } from './types.js';

/** Why the per-call controller aborted; lets us tell our deadline from the caller's signal. */
export type AbortCause = 'deadline' | 'caller' | undefined;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
]);
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

const errorCode = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps the socket's error; the errno is one level down.
  return errorCode((error as { cause?: unknown }).cause);
};

const networkReason = (code: string | undefined, error: unknown): NetworkErrorReason => {
  if (code === undefined) return 'other';
  if (DNS_CODES.has(code)) return 'dns';
  if (CONNECT_CODES.has(code)) return 'connect';
  if (RESET_CODES.has(code)) return 'reset';
  if (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    (error instanceof Error && /certificate|TLS|SSL/i.test(error.message))
  ) {
    return 'tls';
  }
  return 'other';
};

/** Turns whatever undici, node or a hook threw into this package's error taxonomy. */
export const toClientError = (
  error: unknown,
  request: RequestContext,
  timeouts: Required<TimeoutOptions>,
  abortCause: AbortCause,
): KnownHttpClientError => {
  if (error instanceof HttpClientError) return error as KnownHttpClientError;
  if (abortCause === 'deadline') {
    return new TimeoutError(request, 'total', timeouts.total, { cause: error });
  }
  if (abortCause === 'caller') {
    return new AbortedError(request, { cause: error });
  }
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TimeoutError(request, 'connect', timeouts.connect, { cause: error });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new TimeoutError(request, 'headers', timeouts.headers, { cause: error });
    case 'UND_ERR_BODY_TIMEOUT':
      return new TimeoutError(request, 'body', timeouts.body, { cause: error });
    default:
      return new NetworkError(request, networkReason(code, error), code, { cause: error });
  }
};
