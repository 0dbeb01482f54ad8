/**
 * How long a request may take before the person is told the network is slow (and can retry).
 * Mutations (POST) get longer: an import of 10,000 rows is real work, and giving up on one that
 * the server then finishes would tell the person the wrong story.
 */
export const queryTimeoutMs = 30_000;
export const mutationTimeoutMs = 120_000;

/**
 * A response that is not tRPC JSON: typically a proxy's HTML page for 502/503/504 while the API
 * restarts. tRPC alone would report it as "Unexpected token <", which tells the person nothing.
 */
export class NonJsonResponseError extends Error {
  override readonly name = 'NonJsonResponseError';
  constructor(readonly status: number) {
    super(`The server answered HTTP ${status} without a JSON body`);
  }
}

/** `fetch` for the tRPC link: adds a timeout and names non-JSON answers by their status. */
export async function httpFetch(
  input: RequestInfo | URL,
  // tRPC passes `signal: undefined`, which exactOptionalPropertyTypes tells apart from absent.
  init?: Omit<RequestInit, 'signal'> & { signal?: AbortSignal | null | undefined },
): Promise<Response> {
  const timeout = AbortSignal.timeout(init?.method === 'POST' ? mutationTimeoutMs : queryTimeoutMs);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const response = await fetch(input, { ...init, signal });
  if (!response.headers.get('content-type')?.includes('json')) {
    throw new NonJsonResponseError(response.status);
  }
  return response;
}
