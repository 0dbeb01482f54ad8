import type { ErrorIssue } from '@intake/schema';
import { NonJsonResponseError } from './http-fetch';

/**
 * What went wrong, told apart the way a person acts on it:
 * - network: nothing reached the server or the answer never came back; retrying may help.
 * - business: the server understood and refused (400/403/404/409/413); the person fixes input.
 *   A 429 is one too: the person waits `retryAfterSeconds` (the server's Retry-After) first.
 * - system: the server failed (500); only an apology and the request id for support help.
 */
export type AppError =
  | { kind: 'network'; reason: NetworkReason; message: string }
  | {
      kind: 'business';
      /** One of `errorCodes` from @intake/schema, or UNKNOWN; for display and support only. */
      code: string;
      httpStatus: number;
      message: string;
      issues: ErrorIssue[];
      requestId?: string;
      /** On a 429: how long the server asks to wait (Retry-After), when it said. */
      retryAfterSeconds?: number;
    }
  | { kind: 'system'; message: string; requestId?: string };

export type NetworkReason = 'offline' | 'timeout' | 'unavailable' | 'unreachable';

export interface Environment {
  online: boolean;
}

// 408 and the gateway statuses are transient: the same request may work a moment later. A 429
// is not retried at once (that only prolongs it): the person is told how long to wait.
const transientStatuses = new Set([408, 502, 503, 504]);
const transientCodes = new Set<string>(['TIMEOUT', 'UNAVAILABLE']);
const TOO_MANY = 429;

const networkMessages: Record<NetworkReason, string> = {
  offline: 'You appear to be offline. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again in a moment.',
  unavailable: 'The server is not available right now. Try again in a moment.',
  unreachable: 'Could not reach the server. Check your connection and try again.',
};

const systemMessage = 'Sorry, something went wrong on our side. The problem was logged.';

interface ErrorData {
  httpStatus?: number;
  appCode?: string;
  requestId?: string;
  issues: ErrorIssue[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads `error.data` defensively: it crosses the network, so its shape is a promise, not a fact. */
function readData(error: Record<string, unknown>): ErrorData | undefined {
  const data = error.data;
  if (!isRecord(data)) return undefined;
  const issues = Array.isArray(data.issues)
    ? data.issues.filter(
        (issue): issue is ErrorIssue =>
          isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string',
      )
    : [];
  return {
    ...(typeof data.httpStatus === 'number' ? { httpStatus: data.httpStatus } : {}),
    ...(typeof data.appCode === 'string' ? { appCode: data.appCode } : {}),
    ...(typeof data.requestId === 'string' ? { requestId: data.requestId } : {}),
    issues,
  };
}

/**
 * Retry-After (RFC 9110 §10.2.3) of the answer behind a tRPC error: delay-seconds or an
 * HTTP-date. tRPC's links keep the Response in `error.meta.response`.
 */
export function retryAfterSeconds(error: unknown, now = Date.now()): number | undefined {
  const meta = isRecord(error) ? error.meta : undefined;
  const response = isRecord(meta) ? meta.response : undefined;
  const header = response instanceof Response ? response.headers.get('retry-after') : null;
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** What a person reads after a 429: wait N seconds, then try again. */
export function tooManyRequestsMessage(seconds: number | undefined): string {
  return seconds === undefined
    ? 'Too many requests right now. Try again in a moment.'
    : `Too many requests right now. Try again in ${seconds} s.`;
}

/** Walks `cause` links, since tRPC wraps the fetch failure in a TRPCClientError. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 10) {
    chain.push(current);
    current = isRecord(current) ? current.cause : undefined;
  }
  return chain;
}

const network = (reason: NetworkReason): AppError => ({
  kind: 'network',
  reason,
  message: networkMessages[reason],
});

const defaultEnvironment = (): Environment => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
});

/** The one place that turns any thrown value from a tRPC call into an `AppError`. */
export function toAppError(error: unknown, env: Environment = defaultEnvironment()): AppError {
  const data = isRecord(error) ? readData(error) : undefined;

  if (data?.httpStatus !== undefined || data?.appCode !== undefined) {
    const status = data.httpStatus ?? 0;
    const code = data.appCode ?? '';
    const withId = data.requestId === undefined ? {} : { requestId: data.requestId };
    if (transientStatuses.has(status) || transientCodes.has(code)) {
      return network(status === 408 || code === 'TIMEOUT' ? 'timeout' : 'unavailable');
    }
    if (status === TOO_MANY || code === 'RATE_LIMITED' || code === 'TOO_MANY_REQUESTS') {
      const seconds = retryAfterSeconds(error);
      return {
        kind: 'business',
        code: code || 'RATE_LIMITED',
        httpStatus: TOO_MANY,
        message: tooManyRequestsMessage(seconds),
        issues: [],
        ...withId,
        ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
      };
    }
    if (status >= 500 || code === 'INTERNAL') {
      return { kind: 'system', message: systemMessage, ...withId };
    }
    const message = isRecord(error) && typeof error.message === 'string' ? error.message : '';
    return {
      kind: 'business',
      code: code || 'UNKNOWN',
      httpStatus: status,
      message: message || 'The request was refused.',
      issues: data.issues,
      ...withId,
    };
  }

  // No tRPC error body: the request failed below tRPC (fetch, proxy, timeout).
  if (!env.online) return network('offline');
  for (const cause of causes(error)) {
    if (cause instanceof NonJsonResponseError) {
      if (cause.status === TOO_MANY) {
        // A proxy's own 429 page: not our error body, but still a reason to wait, not a crash.
        return {
          kind: 'business',
          code: 'RATE_LIMITED',
          httpStatus: TOO_MANY,
          message: tooManyRequestsMessage(undefined),
          issues: [],
        };
      }
      return transientStatuses.has(cause.status) || cause.status === 0
        ? network('unavailable')
        : { kind: 'system', message: systemMessage };
    }
    if (isRecord(cause) && cause.name === 'TimeoutError') return network('timeout');
    // fetch rejects with a TypeError ("Failed to fetch") when no connection could be made.
    if (cause instanceof TypeError) return network('unreachable');
  }
  return { kind: 'system', message: systemMessage };
}
