import pino, { type Logger } from 'pino';
import type {
  ClientOptions,
  Hooks,
  HttpMethod,
  RequestOptions,
  RetryOptions,
  TimeoutOptions,
} from './types.js';

// All defaults live here (ky's normalize step is the model): the rest of the package reads
// normalized options and never falls back on its own.

export const DEFAULT_USER_AGENT = '@intake/http-client/0.1';

export const defaultTimeouts: Required<TimeoutOptions> = {
  connect: 3_000,
  headers: 8_000,
  body: 8_000,
  total: 10_000,
};

const idempotentMethods: readonly HttpMethod[] = [
  'GET',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
  'TRACE',
];

export const defaultRetry: Required<RetryOptions> = {
  limit: 2,
  methods: idempotentMethods,
  statusCodes: [408, 429, 500, 502, 503, 504],
  onNetworkError: true,
  onTimeout: true,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000,
};

export type NormalizedRetry = Required<RetryOptions>;

export interface NormalizedHooks {
  readonly beforeRequest: NonNullable<Hooks['beforeRequest']>;
  readonly afterResponse: NonNullable<Hooks['afterResponse']>;
  readonly beforeRetry: NonNullable<Hooks['beforeRetry']>;
}

export interface NormalizedClientOptions {
  /** The base URL as a string ending in `/`, ready for concatenation. */
  readonly baseHref: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly headerNames: readonly string[];
  readonly timeout: Required<TimeoutOptions>;
  readonly retry: NormalizedRetry;
  readonly connections: number;
  readonly keepAliveTimeoutMs: number;
  readonly logger: Logger;
  readonly requestIdHeader: string;
  readonly requestId: (() => string | undefined) | undefined;
  readonly throwHttpErrors: boolean;
  readonly maxResponseBytes: number;
  readonly hooks: NormalizedHooks;
}

export const normalizeRetry = (
  retry: RetryOptions | number | false | undefined,
  base: NormalizedRetry = defaultRetry,
): NormalizedRetry => {
  if (retry === undefined) {
    return base;
  }
  if (retry === false) {
    return { ...base, limit: 0 };
  }
  if (typeof retry === 'number') {
    return { ...base, limit: retry };
  }
  return { ...base, ...retry };
};

const lowerCaseKeys = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = value;
  }
  return out;
};

export const normalizeClientOptions = (options: ClientOptions): NormalizedClientOptions => {
  const baseUrl = options.baseUrl === undefined ? undefined : new URL(options.baseUrl);
  // A base without a trailing slash would drop its last segment when resolving `users`.
  if (baseUrl && !baseUrl.pathname.endsWith('/')) {
    baseUrl.pathname += '/';
  }
  const headers = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    ...lowerCaseKeys(options.headers ?? {}),
  };
  return {
    baseHref: baseUrl?.href,
    headers,
    headerNames: Object.keys(headers),
    timeout: { ...defaultTimeouts, ...options.timeout },
    retry: normalizeRetry(options.retry),
    connections: options.connections ?? 32,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 4_000,
    logger: options.logger ?? pino({ enabled: false }),
    requestIdHeader: (options.requestIdHeader ?? 'x-request-id').toLowerCase(),
    requestId: options.requestId,
    throwHttpErrors: options.throwHttpErrors ?? true,
    maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024,
    hooks: {
      beforeRequest: options.hooks?.beforeRequest ?? [],
      afterResponse: options.hooks?.afterResponse ?? [],
      beforeRetry: options.hooks?.beforeRetry ?? [],
    },
  };
};

/** Per-call view: the client's normalized options with this call's overrides applied. */
export interface NormalizedCallOptions {
  readonly timeout: Required<TimeoutOptions>;
  readonly retry: NormalizedRetry;
  readonly throwHttpErrors: boolean;
  readonly maxResponseBytes: number;
}

export const normalizeCallOptions = (
  client: NormalizedClientOptions,
  call: RequestOptions,
): NormalizedCallOptions => {
  // Fast path: most calls override nothing, so share the client's objects.
  if (
    call.timeout === undefined &&
    call.retry === undefined &&
    call.throwHttpErrors === undefined &&
    call.maxResponseBytes === undefined
  ) {
    return client;
  }
  return {
    timeout: call.timeout ? { ...client.timeout, ...call.timeout } : client.timeout,
    retry: normalizeRetry(call.retry, client.retry),
    throwHttpErrors: call.throwHttpErrors ?? client.throwHttpErrors,
    maxResponseBytes: call.maxResponseBytes ?? client.maxResponseBytes,
  };
};
