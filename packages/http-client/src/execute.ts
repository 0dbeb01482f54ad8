import {
  attempt,
  buildHeaders,
  type Call,
  type ClientContext,
  type Consume,
  RESEND,
} from './attempt.js';
import { prepareBody } from './body.js';
import { CallContext } from './call-context.js';
import { Deadline } from './deadline.js';
import type { HttpClientError } from './errors/http-client-error.js';
import { toClientError } from './map-error.js';
import { normalizeCallOptions } from './options.js';
import { PassThrough } from './pass-through.js';
import { resolveUrl } from './resolve-url.js';
import { retryDelay } from './retry.js';
import type { HttpMethod, RequestOptions } from './types.js';
import { generateRequestId } from './utils/request-id.js';
import { sleep } from './utils/sleep.js';

const logRetry = (c: Call, error: HttpClientError, retry: number, delayMs: number): void => {
  c.ctx.logger.warn(
    {
      request: { method: c.method, url: c.context.url, requestId: c.context.requestId },
      error: { code: error.code, message: error.message },
      retry,
      delayMs,
    },
    'http retry',
  );
};

/** One logical call: deadline, attempts, refresh-on-401, retries with backoff. */
export const execute = async <R>(
  ctx: ClientContext,
  method: HttpMethod,
  input: string | URL,
  options: RequestOptions,
  consume: Consume<R>,
): Promise<R> => {
  const url = resolveUrl(input, ctx.options.baseHref, options.query);
  const call = normalizeCallOptions(ctx.options, options);
  const requestId = options.requestId ?? ctx.options.requestId?.() ?? generateRequestId();
  const context = new CallContext(method, url, requestId);

  const body = prepareBody(options);
  const deadline = new Deadline(call.timeout.total, options.signal);
  const c: Call = { ctx, method, url, options, call, body, context, deadline };
  // Built afresh for each attempt: auth, cookies and signing hooks are recomputed every time.
  let headers = buildHeaders(ctx, options, body, requestId);
  const hasIdempotencyKey = headers['idempotency-key'] !== undefined;
  let attemptNo = 0;
  let retries = 0;
  let refreshed = false;
  try {
    for (;;) {
      attemptNo += 1;
      try {
        if (attemptNo > 1) headers = buildHeaders(ctx, options, body, requestId);
        const result = await attempt(c, headers, attemptNo, !refreshed, consume);
        if (result === RESEND) {
          refreshed = true;
          continue;
        }
        return result;
      } catch (thrown) {
        if (thrown instanceof PassThrough) throw thrown.error;
        const error = toClientError(thrown, context, call.timeout, deadline.cause);
        const delayMs = retryDelay(call.retry, {
          error,
          method,
          retries,
          hasIdempotencyKey,
          bodyReplayable: body.replayable,
          remainingMs: deadline.remainingMs(),
        });
        if (delayMs === undefined) {
          if (ctx.logger.isLevelEnabled('debug')) {
            ctx.logger.debug(
              {
                request: { method, url: context.url, requestId, attempt: attemptNo },
                error: { code: error.code, message: error.message },
              },
              'http call failed',
            );
          }
          throw error;
        }
        retries += 1;
        logRetry(c, error, retries, delayMs);
        const request = { method, url, headers, body: body.inMemory, requestId };
        for (const hook of ctx.options.hooks.beforeRetry) {
          await hook({
            request: { ...request, attempt: attemptNo },
            error,
            retry: retries,
            delayMs,
          });
        }
        try {
          await sleep(delayMs, deadline);
        } catch (aborted) {
          throw toClientError(aborted, context, call.timeout, deadline.cause);
        }
      }
    }
  } finally {
    deadline.clear();
  }
};
