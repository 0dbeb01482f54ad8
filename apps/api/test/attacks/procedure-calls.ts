import type { AnyTRPCProcedure } from '@trpc/server';
import { Agent, Response, fetch as undiciFetch } from 'undici';
import type { z } from 'zod';
import type { Access } from '../../src/trpc/init.js';
import { appRouter } from '../../src/trpc/root.js';

/** One procedure of the router as an attacker sees it: path, HTTP shape, declared access. */
export interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  access: Access | undefined;
  input: z.ZodType | undefined;
}

/** Every procedure of appRouter (tRPC keeps them flat in `_def.procedures` at run time). */
export function allProcedures(): ProcedureInfo[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  return Object.entries(procedures).map(([path, procedure]) => {
    const def = procedure._def as unknown as {
      type: ProcedureInfo['type'];
      meta?: { access?: Access };
      inputs: z.ZodType[];
    };
    return { path, type: def.type, access: def.meta?.access, input: def.inputs[0] };
  });
}

/**
 * Every attack request on a connection of its own. Some attacks make the server refuse and close
 * a connection (431 for a request line past 16 KiB); on a shared keep-alive pool the next,
 * harmless request could be written to that closing socket and fail with "other side closed"
 * (seen once on CI), which says nothing about the server.
 */
const oneRequestPerConnection = new Agent({ pipelining: 0 });

/** fetch, each request on a new connection (`oneRequestPerConnection`). */
export const attackFetch = (target: string, init: Parameters<typeof undiciFetch>[1] = {}) =>
  undiciFetch(target, { ...init, dispatcher: oneRequestPerConnection });

export interface RawAnswer {
  status: number;
  /** Either fetch's headers (Node's or undici's): only reading them is needed. */
  headers: Pick<Headers, 'get'>;
  text: string;
  json: unknown;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Reads at most `limit` bytes or until `ms` passed: a subscription's event stream stays open,
 * and an attacker's request should not hold the test either.
 */
async function readSome(res: Response, limit: number, ms: number, abort: AbortController) {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.length >= limit || /event: (serialized-error|return)/.test(text)) break;
    }
  } catch {
    // Aborted after `ms`: what arrived so far is the answer.
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return text;
}

/**
 * A tRPC call as raw HTTP, the way any client (or attacker) sends it: a query or subscription
 * by GET with `?input=`, a mutation by POST with a JSON body. No input: no parameter, no body.
 * `rawInput` sends the text as it is (not JSON-encoded by us).
 */
/**
 * A GET whose request line is past Node's header limit (16 KiB) is answered 431 and the socket
 * closed by Node itself, often while the client is still writing it: fetch then fails with
 * "other side closed" instead of reading the 431. Either way the server refused it, as 431.
 */
async function getOrRefused(
  target: string,
  init: Parameters<typeof undiciFetch>[1],
): Promise<Response> {
  try {
    return await attackFetch(target, init);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (
      target.length > 16 * 1024 &&
      (code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'ECONNRESET')
    )
      return new Response('', { status: 431 });
    throw err;
  }
}

export async function callProcedure(
  url: string,
  p: Pick<ProcedureInfo, 'path' | 'type'>,
  opts: {
    input?: unknown;
    rawInput?: string | undefined;
    headers?: Record<string, string>;
  } = {},
): Promise<RawAnswer> {
  const encoded =
    opts.rawInput ?? (opts.input === undefined ? undefined : JSON.stringify(opts.input));
  const abort = new AbortController();
  const res =
    p.type === 'mutation'
      ? await attackFetch(`${url}/trpc/${p.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...opts.headers },
          ...(encoded === undefined ? {} : { body: encoded }),
          signal: abort.signal,
        })
      : await getOrRefused(
          `${url}/trpc/${p.path}${encoded === undefined ? '' : `?input=${encodeURIComponent(encoded)}`}`,
          { headers: opts.headers ?? {}, signal: abort.signal },
        );
  const text = await readSome(res, 64 * 1024, p.type === 'subscription' ? 5000 : 30_000, abort);
  return { status: res.status, headers: res.headers, text, json: parse(text) };
}

/** tRPC's error `data.appCode` (our stable code) from a single call's answer, if it is one. */
export function trpcAppCode(answer: RawAnswer): string | undefined {
  const body = answer.json as { error?: { data?: { appCode?: string } } } | undefined;
  const fromJson = body?.error?.data?.appCode;
  if (fromJson) return fromJson;
  // A subscription reports its error as an SSE event.
  const sse = /event: serialized-error\ndata: (.*)\n/.exec(answer.text)?.[1];
  const event = sse ? (parse(sse) as { data?: { appCode?: string } } | undefined) : undefined;
  return event?.data?.appCode;
}
