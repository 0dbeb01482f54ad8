import type { AppRouter } from '@intake/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { CliError, EXIT, notSignedIn } from './exit-codes.js';
import { fetchHonouringRetryAfter } from './retry-after.js';

export interface Connection {
  /** Base URL of the API, without a trailing slash. */
  url: string;
  token: string | undefined;
}

/** The API token (from --token, $INTAKE_TOKEN or `intake login`) as a Bearer credential. */
export const authHeaders = (c: Connection): Record<string, string> =>
  c.token ? { authorization: `Bearer ${c.token}` } : {};

/** Waits out a short 429 (Retry-After) and sends again, a few times; src/retry-after.ts. */
const patientFetch = fetchHonouringRetryAfter();

/** The typed client: every call is checked against the server's router at compile time. */
export const apiClient = (c: Connection) =>
  createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({ url: `${c.url}/trpc`, headers: () => authHeaders(c), fetch: patientFetch }),
    ],
  });

export type ApiClient = ReturnType<typeof apiClient>;

/** The fields our errorFormatter adds (apps/api/src/trpc/init.ts). */
interface ErrorData {
  appCode?: string;
  httpStatus?: number;
}

const isErrorData = (value: unknown): value is ErrorData =>
  typeof value === 'object' && value !== null;

/**
 * Turns whatever a call threw into a CliError: an answer from the server is "refused" (3) with
 * its message and stable code; no answer at all is "network" (5).
 */
export function toCliError(error: unknown, doing: string): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    if (isErrorData(data) && data.httpStatus === 401) return notSignedIn(doing, error.message);
    if (isErrorData(data) && (data.appCode || data.httpStatus)) {
      return new CliError(EXIT.refused, `${doing}: ${error.message}`, data.appCode ?? null, {
        cause: error,
      });
    }
    // No tRPC error shape: fetch failed before any answer, or a proxy answered with HTML.
    return new CliError(EXIT.network, `${doing}: ${describeNetworkError(error)}`, null, {
      cause: error,
    });
  }
  if (error instanceof TypeError) {
    return new CliError(EXIT.network, `${doing}: ${describeNetworkError(error)}`, null, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(EXIT.internal, `${doing}: ${message}`, null, { cause: error });
}

/** "fetch failed" says nothing; its cause says ECONNREFUSED 127.0.0.1:3000. */
function describeNetworkError(error: Error): string {
  let e: unknown = error;
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === 'string') return `${code} (${e.message}); is the server running?`;
    e = e.cause;
  }
  return error.message;
}

/** A plain REST call (errors.csv, upload status) with the same auth and error mapping. */
export async function restGet(c: Connection, path: string, doing: string): Promise<Response> {
  let res: Response;
  try {
    res = await patientFetch(`${c.url}${path}`, { headers: authHeaders(c) });
  } catch (error) {
    throw toCliError(error, doing);
  }
  if (!res.ok) {
    // Our REST error shape: {error: {code, message}} (packages/schema/src/errors.ts).
    const body: unknown = await res.json().catch(() => null);
    const err = isRestError(body) ? body.error : { code: null, message: res.statusText };
    if (res.status === 401) throw notSignedIn(doing, err.message);
    throw new CliError(EXIT.refused, `${doing}: ${err.message} (HTTP ${res.status})`, err.code);
  }
  return res;
}

function isRestError(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e: unknown = body.error;
  return typeof e === 'object' && e !== null && 'message' in e && 'code' in e;
}
