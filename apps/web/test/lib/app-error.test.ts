import type { AppRouter } from '@intake/api';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, toAppError } from '../../src/lib/app-error';
import { NonJsonResponseError } from '../../src/lib/http-fetch';

const online = { online: true };

/** A TRPCClientError as the client builds it from an error response of our API. */
function serverError(
  httpStatus: number,
  data: { appCode: string; requestId?: string; issues?: { path: string; message: string }[] },
  message = 'refused',
) {
  return new TRPCClientError<AppRouter>(message, {
    result: {
      error: {
        code: -32600,
        message,
        // appCode is typed as an ErrorCode; tests also feed unknown codes.
        data: { code: 'BAD_REQUEST', httpStatus, path: 'imports.createFromRows', ...data } as never,
      },
    },
  });
}

describe('toAppError: network', () => {
  it('reports offline before anything else when the browser says so', () => {
    const error = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(toAppError(error, { online: false })).toMatchObject({
      kind: 'network',
      reason: 'offline',
    });
  });

  it('treats a failed fetch as an unreachable server', () => {
    const error = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(toAppError(error, online)).toMatchObject({ kind: 'network', reason: 'unreachable' });
  });

  it('recognises the fetch timeout', () => {
    const error = TRPCClientError.from(new DOMException('signal timed out', 'TimeoutError'));
    expect(toAppError(error, online)).toMatchObject({ kind: 'network', reason: 'timeout' });
  });

  it.each([502, 503, 504])('treats a proxy page with HTTP %i as unavailable', (status) => {
    const error = TRPCClientError.from(new NonJsonResponseError(status));
    expect(toAppError(error, online)).toMatchObject({ kind: 'network', reason: 'unavailable' });
  });

  it.each([
    [503, 'UNAVAILABLE', 'unavailable'],
    [504, 'TIMEOUT', 'timeout'],
    [408, 'TIMEOUT', 'timeout'],
  ])('treats an API answer %i %s as transient', (status, appCode, reason) => {
    expect(toAppError(serverError(status, { appCode }), online)).toMatchObject({
      kind: 'network',
      reason,
    });
  });
});

describe('toAppError: too many requests (429)', () => {
  /** A refused call as the link reports it: the error body plus the Response it came in. */
  function rateLimited(headers: Record<string, string>, appCode = 'RATE_LIMITED') {
    const error = serverError(429, { appCode, requestId: 'req-9' }, 'Too many imports');
    return Object.assign(error, {
      meta: { response: new Response(null, { status: 429, headers }) },
    });
  }

  it('tells the person how many seconds to wait, from Retry-After', () => {
    expect(toAppError(rateLimited({ 'retry-after': '12' }), online)).toEqual({
      kind: 'business',
      code: 'RATE_LIMITED',
      httpStatus: 429,
      message: 'Too many requests right now. Try again in 12 s.',
      issues: [],
      requestId: 'req-9',
      retryAfterSeconds: 12,
    });
  });

  it('reads Retry-After as an HTTP date too', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const error = rateLimited({ 'retry-after': 'Thu, 01 Jan 2026 00:01:30 GMT' });
    expect(retryAfterSeconds(error, now)).toBe(90);
  });

  it('says "in a moment" without a usable Retry-After, and is never retried as a network blip', () => {
    for (const headers of [{}, { 'retry-after': 'soon' }]) {
      const mapped = toAppError(rateLimited(headers, 'TOO_MANY_REQUESTS'), online);
      expect(mapped).toMatchObject({
        kind: 'business',
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many requests right now. Try again in a moment.',
      });
      expect(mapped).not.toHaveProperty('retryAfterSeconds');
    }
  });

  it('maps a proxy’s own 429 page the same way', () => {
    const error = TRPCClientError.from(new NonJsonResponseError(429));
    expect(toAppError(error, online)).toMatchObject({ kind: 'business', httpStatus: 429 });
  });
});

describe('toAppError: business', () => {
  it.each([
    [400, 'VALIDATION_FAILED'],
    [403, 'BAD_REQUEST'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [413, 'TOO_MANY_ROWS'],
  ])('maps %i %s to a business error with its message', (status, appCode) => {
    const mapped = toAppError(serverError(status, { appCode }, 'no can do'), online);
    expect(mapped).toEqual({
      kind: 'business',
      code: appCode,
      httpStatus: status,
      message: 'no can do',
      issues: [],
    });
  });

  it('keeps field issues (for the inputs) and the request id', () => {
    const issues = [
      { path: 'rows.3.amount', message: 'must be >= 0' },
      { path: 'dataset', message: 'must be one of orders, contacts' },
    ];
    const error = serverError(400, { appCode: 'VALIDATION_FAILED', requestId: 'req-7', issues });
    expect(toAppError(error, online)).toMatchObject({
      kind: 'business',
      issues,
      requestId: 'req-7',
    });
  });

  it('drops malformed issues instead of crashing on them', () => {
    const issues = [{ path: 'rows.0.amount', message: 'ok' }, { path: 3 }, 'nonsense'];
    const error = serverError(400, { appCode: 'VALIDATION_FAILED', issues: issues as never });
    expect(toAppError(error, online)).toMatchObject({ issues: [issues[0]] });
  });

  it('accepts a code it does not know yet', () => {
    expect(toAppError(serverError(422, { appCode: 'SOMETHING_NEW' }), online)).toMatchObject({
      kind: 'business',
      code: 'SOMETHING_NEW',
    });
  });
});

describe('toAppError: system', () => {
  it('apologises for a 500 and keeps the request id, not the server message', () => {
    const error = serverError(500, { appCode: 'INTERNAL', requestId: 'req-42' }, 'db exploded');
    const mapped = toAppError(error, online);
    expect(mapped).toMatchObject({ kind: 'system', requestId: 'req-42' });
    expect(mapped.message).toMatch(/sorry/i);
    expect(mapped.message).not.toContain('db exploded');
  });

  it('treats a non-JSON answer that is not a gateway status as a system failure', () => {
    const error = TRPCClientError.from(new NonJsonResponseError(200));
    expect(toAppError(error, online)).toMatchObject({ kind: 'system' });
  });

  it('treats anything unrecognised (a render bug) as a system failure', () => {
    expect(toAppError(new Error('undefined is not a function'), online).kind).toBe('system');
    expect(toAppError('a string', online).kind).toBe('system');
    expect(toAppError(undefined, online).kind).toBe('system');
  });
});
