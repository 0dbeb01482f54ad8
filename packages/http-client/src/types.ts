import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { CookieJar, SerializedCookieJar } from 'tough-cookie';
import type { HttpClientError } from './errors/http-client-error.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'TRACE';

/** Milliseconds per phase; see `TimeoutPhase`. `Infinity` disables one. */
export interface TimeoutOptions {
  /** TCP + TLS handshake. A per-call value gets its own pool (undici sets it per Agent). */
  readonly connect?: number;
  readonly headers?: number;
  /** Longest silence between two body chunks (idle, not total). */
  readonly body?: number;
  /** Whole call, retries and their waits included. */
  readonly total?: number;
}

export interface RetryOptions {
  /** Retries after the first attempt. */
  readonly limit?: number;
  /** Methods safe to resend; others only when the call carries an idempotency key. */
  readonly methods?: readonly HttpMethod[];
  readonly statusCodes?: readonly number[];
  readonly onNetworkError?: boolean;
  /** Retry connect/headers/body timeouts (the total deadline never is). */
  readonly onTimeout?: boolean;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A longer `Retry-After` is not waited for: the error is thrown instead. */
  readonly maxRetryAfterMs?: number;
}

export type TokenProvider = () => string | Promise<string>;

export type AuthOptions =
  | { readonly type: 'basic'; readonly username: string; readonly password: string }
  | {
      readonly type: 'bearer';
      /** A static token, or a provider called once and again on refresh. */
      readonly token: string | TokenProvider;
      /** Called (once for all concurrent calls) after a 401; defaults to `token` when a provider. */
      readonly refresh?: TokenProvider;
    };

export type PemInput = string | Buffer | ReadonlyArray<string | Buffer>;

export interface TlsOptions {
  /** Trusted CA(s), added to the system store's place (Node `ca` semantics: replaces it). */
  readonly ca?: PemInput;
  /** Client certificate chain and key for mutual TLS. */
  readonly cert?: PemInput;
  readonly key?: PemInput;
  readonly passphrase?: string;
  readonly servername?: string;
  /** Skip certificate verification. For local development only; logged as a warning. */
  readonly insecure?: boolean;
}

/** `'env'` reads HTTP_PROXY/HTTPS_PROXY/NO_PROXY (the only place this package reads env). */
export type ProxyOptions =
  | 'env'
  | { readonly httpProxy?: string; readonly httpsProxy?: string; readonly noProxy?: string };

export type CookieOptions = boolean | CookieJar | SerializedCookieJar;

export interface RequestState {
  readonly method: HttpMethod;
  url: URL;
  /** Lower-case names. Hooks may add or change entries (signing, tracing). */
  readonly headers: Record<string, string>;
  /** Serialized body when it is in memory (json, string, bytes), for signing hooks. */
  readonly body: string | Uint8Array | undefined;
  readonly requestId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export interface ResponseState {
  readonly request: RequestState;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly durationMs: number;
}

export interface RetryState {
  readonly request: RequestState;
  readonly error: HttpClientError;
  /** 1 for the first retry. */
  readonly retry: number;
  readonly delayMs: number;
}

export interface Hooks {
  readonly beforeRequest?: ReadonlyArray<(request: RequestState) => void | Promise<void>>;
  readonly afterResponse?: ReadonlyArray<(response: ResponseState) => void | Promise<void>>;
  readonly beforeRetry?: ReadonlyArray<(retry: RetryState) => void | Promise<void>>;
}

export interface ClientOptions {
  readonly baseUrl?: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeout?: TimeoutOptions;
  readonly retry?: RetryOptions | number | false;
  readonly auth?: AuthOptions;
  /** `true`: a fresh jar; a `CookieJar`; or what `client.exportCookies()` returned earlier. */
  readonly cookies?: CookieOptions;
  readonly tls?: TlsOptions;
  readonly proxy?: ProxyOptions;
  /** Sockets per origin. */
  readonly connections?: number;
  readonly keepAliveTimeoutMs?: number;
  readonly logger?: Logger;
  readonly userAgent?: string;
  readonly requestIdHeader?: string;
  /** Returns the id of the work in progress (e.g. from AsyncLocalStorage) to propagate. */
  readonly requestId?: () => string | undefined;
  readonly throwHttpErrors?: boolean;
  /** Cap for buffered response bodies. */
  readonly maxResponseBytes?: number;
  readonly hooks?: Hooks;
}

export interface UploadProgress {
  readonly sentBytes: number;
  /** Undefined for bodies of unknown length. */
  readonly totalBytes: number | undefined;
}

export interface DownloadProgress {
  readonly receivedBytes: number;
  readonly totalBytes: number | undefined;
}

export type RequestBody =
  | string
  | Uint8Array
  | URLSearchParams
  | FormData
  | Readable
  | AsyncIterable<Uint8Array>;

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  /** Merged over the client's; `undefined` removes a default header. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly query?: Readonly<Record<string, QueryValue>> | URLSearchParams;
  /** Serialized as JSON with `content-type: application/json`. */
  readonly json?: unknown;
  readonly body?: RequestBody;
  readonly timeout?: TimeoutOptions;
  readonly signal?: AbortSignal;
  readonly retry?: RetryOptions | number | false;
  /** Sent as `Idempotency-Key`; makes POST/PATCH retryable. */
  readonly idempotencyKey?: string;
  /** Propagated id (e.g. the incoming request's); else the client's provider, else generated. */
  readonly requestId?: string;
  readonly throwHttpErrors?: boolean;
  readonly maxResponseBytes?: number;
  readonly onUploadProgress?: (progress: UploadProgress) => void;
}

export interface DownloadOptions extends Omit<RequestOptions, 'maxResponseBytes'> {
  /** Abort (and delete the partial file) past this many bytes. */
  readonly maxBytes?: number;
  readonly onDownloadProgress?: (progress: DownloadProgress) => void;
}
