export { createHttpClient, type HttpClient, type ResponsePromise } from './client.js';
export type { DownloadResult } from './download.js';
export { AbortedError, isAbortedError } from './errors/aborted-error.js';
export { BodyTooLargeError, isBodyTooLargeError } from './errors/body-too-large-error.js';
export {
  HttpClientError,
  type HttpClientErrorCode,
  isHttpClientError,
  type RequestContext,
} from './errors/http-client-error.js';
export { HttpError, isHttpError } from './errors/http-error.js';
export type { KnownHttpClientError } from './errors/known-error.js';
export { isNetworkError, NetworkError, type NetworkErrorReason } from './errors/network-error.js';
export {
  isResponseValidationError,
  ResponseValidationError,
  type ValidationIssue,
} from './errors/response-validation-error.js';
export { isTimeoutError, TimeoutError, type TimeoutPhase } from './errors/timeout-error.js';
export { DEFAULT_USER_AGENT, defaultRetry, defaultTimeouts } from './options.js';
export { HttpResponse, type ResponseHeaders } from './response.js';
export type {
  AuthOptions,
  ClientOptions,
  CookieOptions,
  DownloadOptions,
  DownloadProgress,
  Hooks,
  HttpMethod,
  PemInput,
  ProxyOptions,
  RequestBody,
  RequestOptions,
  RequestState,
  ResponseState,
  RetryOptions,
  RetryState,
  TimeoutOptions,
  TlsOptions,
  TokenProvider,
  UploadProgress,
} from './types.js';
export { maskCardNumbers, redactHeaders, redactUrl } from './utils/redact.js';
