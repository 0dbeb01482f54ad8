import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../src/index.js';
import { authHeaders } from './credentials.js';

/**
 * The typed client any TypeScript program would use, over real HTTP, signed in with the server's
 * test owner token unless `token` says otherwise (null: anonymous).
 */
export const trpcClient = (url: string, token?: string | null) =>
  createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, headers: () => authHeaders(url, token) })],
  });

/** A REST call as a non-TypeScript program would make it. */
export async function rest(
  url: string,
  path: string,
  init: {
    method?: string;
    json?: unknown;
    body?: string | Buffer;
    headers?: Record<string, string>;
    /** Default: the server's test owner; null: anonymous. */
    token?: string | null;
  } = {},
) {
  const headers: Record<string, string> = { ...authHeaders(url, init.token), ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: body ?? null,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
