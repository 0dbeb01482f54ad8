import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { CookieJar } from 'tough-cookie';
import type { Dispatcher } from 'undici';
import type { Authenticator } from './auth.js';
import { type PreparedBody, withUploadProgress } from './body.js';
import { cookieHeader, storeSetCookie } from './cookies.js';
import type { Deadline } from './deadline.js';
import type { RequestContext } from './errors/http-client-error.js';
import { HttpError } from './errors/http-error.js';
import type { NormalizedCallOptions, NormalizedClientOptions } from './options.js';
import { PassThrough } from './pass-through.js';
import type { Pools } from './pools.js';
import { readSnippet } from './read-body.js';
import type { HttpMethod, RequestOptions, RequestState } from './types.js';
import { discard } from './utils/discard.js';
import { raceAbort } from './utils/race-abort.js';
import { maskCardNumbers, redactHeaders } from './utils/redact.js';

/** What a client shares between its calls. */
export interface ClientContext {
  readonly options: NormalizedClientOptions;
  readonly pools: Pools;
  readonly logger: Logger;
  readonly auth: Authenticator | undefined;
  readonly jar: CookieJar | undefined;
}

/** Reads the 2xx body (buffer it, stream it to a file...) inside the attempt and its deadline. */
export type Consume<R> = (
  response: Dispatcher.ResponseData,
  request: RequestContext,
  call: NormalizedCallOptions,
) => Promise<R>;

/** One logical call, as every attempt of it sees it. */
export interface Call {
  readonly ctx: ClientContext;
  readonly method: HttpMethod;
  readonly url: URL;
  readonly options: RequestOptions;
  readonly call: NormalizedCallOptions;
  readonly body: PreparedBody;
  readonly context: RequestContext;
  readonly deadline: Deadline;
}

/** Headers every attempt starts from: defaults, call headers, ids, body metadata. */
export const buildHeaders = (
  ctx: ClientContext,
  options: RequestOptions,
  body: PreparedBody,
  requestId: string,
): Record<string, string> => {
  // A key-by-key copy keeps the object in V8's fast mode; `{ ...defaults }` followed by adding
  // hyphenated keys measured ~30x slower and was the single largest cost of a small GET.
  const headers: Record<string, string> = {};
  const defaults = ctx.options.headers;
  for (const name of ctx.options.headerNames) headers[name] = defaults[name] as string;
  if (options.headers) {
    for (const [name, value] of Object.entries(options.headers)) {
      if (value === undefined) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
  }
  headers[ctx.options.requestIdHeader] = requestId;
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  if (body.contentType !== undefined && headers['content-type'] === undefined) {
    headers['content-type'] = body.contentType;
  }
  // Streams of known size (multipart, or a buffer wrapped to report progress) get a
  // Content-Length; undici computes it for plain buffers.
  if (body.length !== undefined && (body.inMemory === undefined || options.onUploadProgress)) {
    headers['content-length'] = String(body.length);
  }
  return headers;
};

const runHooks = async <T>(
  hooks: ReadonlyArray<(value: T) => void | Promise<void>>,
  value: T,
): Promise<void> => {
  try {
    for (const hook of hooks) await hook(value);
  } catch (error) {
    throw new PassThrough(error);
  }
};

/** Returned when a 401 was answered by a token refresh: resend without counting a retry. */
export const RESEND: unique symbol = Symbol('resend');

/** One request/response exchange: auth, cookies, hooks, dispatch, status handling. */
export const attempt = async <R>(
  c: Call,
  /** Built for this attempt alone: auth, cookies and hooks add to it. */
  headers: Record<string, string>,
  attemptNo: number,
  refreshAllowed: boolean,
  consume: Consume<R>,
): Promise<R | typeof RESEND> => {
  const { ctx, url } = c;
  let authHeader: string | undefined;
  if (ctx.auth && headers.authorization === undefined) {
    const header = ctx.auth.header();
    if (typeof header === 'string') {
      authHeader = header;
    } else {
      try {
        authHeader = await raceAbort(header, c.deadline);
      } catch (error) {
        // The token provider's failure (vault down, bad credentials) is not a network error;
        // a deadline or caller abort meanwhile is classified as usual.
        if (c.deadline.aborted) throw error;
        throw new PassThrough(error);
      }
    }
    headers.authorization = authHeader;
  }
  if (ctx.jar && headers.cookie === undefined) {
    const cookies = await cookieHeader(ctx.jar, url.href);
    if (cookies) headers.cookie = cookies;
  }
  const state: RequestState = {
    method: c.method,
    url,
    headers,
    body: c.body.inMemory,
    requestId: c.context.requestId,
    attempt: attemptNo,
  };
  if (ctx.options.hooks.beforeRequest.length > 0) {
    await runHooks(ctx.options.hooks.beforeRequest, state);
  }

  let body = c.body.open();
  if (c.options.onUploadProgress) {
    body = withUploadProgress(body, c.body.length, c.options.onUploadProgress);
  }
  const started = performance.now();
  const response = await ctx.pools.for(c.call.timeout.connect).request({
    origin: state.url.origin,
    path: state.url.pathname + state.url.search,
    method: c.method,
    headers,
    body: body ?? null,
    headersTimeout: c.call.timeout.headers,
    bodyTimeout: c.call.timeout.body,
    // Deadline is emitter-shaped, which undici accepts at runtime; its types only name EventEmitter.
    signal: c.deadline as unknown as EventEmitter,
  });
  const { statusCode, headers: responseHeaders } = response;
  // Until `consume` owns the body, any failure here (a hook, the cookie store) must release it,
  // or its socket stays checked out of the pool.
  try {
    if (ctx.jar) await storeSetCookie(ctx.jar, state.url.href, responseHeaders['set-cookie']);

    const log = ctx.logger;
    if (log.isLevelEnabled('debug')) {
      log.debug(
        {
          request: {
            method: c.method,
            url: c.context.url,
            requestId: c.context.requestId,
            attempt: attemptNo,
            headers: redactHeaders(headers),
          },
          response: { status: statusCode, headers: redactHeaders(responseHeaders) },
          durationMs: Math.round(performance.now() - started),
        },
        'http attempt',
      );
    }
    const afterResponse = ctx.options.hooks.afterResponse;
    if (afterResponse.length > 0) {
      const responseState = {
        request: state,
        status: statusCode,
        headers: responseHeaders,
        durationMs: performance.now() - started,
      };
      await runHooks(afterResponse, responseState);
    }

    if (
      statusCode === 401 &&
      refreshAllowed &&
      authHeader !== undefined &&
      ctx.auth?.canRefresh &&
      c.body.replayable
    ) {
      // Drained rather than destroyed, so the keep-alive socket serves the resend.
      await readSnippet(response.body);
      try {
        await raceAbort(ctx.auth.refresh(authHeader), c.deadline);
      } catch (error) {
        // The refresher's own failure is the caller's to see, like the token provider's.
        if (c.deadline.aborted) throw error;
        throw new PassThrough(error);
      }
      return RESEND;
    }
    if (statusCode >= 400 && c.call.throwHttpErrors) {
      const snippet = await readSnippet(response.body);
      throw new HttpError(c.context, {
        status: statusCode,
        // Errors get logged by callers: no Set-Cookie or token headers in them.
        headers: redactHeaders(responseHeaders),
        bodySnippet: maskCardNumbers(snippet),
      });
    }
  } catch (error) {
    if (!response.body.readableEnded) discard(response.body);
    throw error;
  }
  return consume(response, c.context, c.call);
};
