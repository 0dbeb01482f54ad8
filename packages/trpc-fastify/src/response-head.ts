import type { TRPCError } from '@trpc/server';
import type { ResponseMeta, TRPCRequestInfo } from '@trpc/server/http';
import { getHTTPStatusCode } from '@trpc/server/http';

type TRPCResponseItem = Parameters<typeof getHTTPStatusCode>[0];

/** The `responseMeta` option, loosened to what the fast path passes (the router's types erased). */
export type ResponseMetaHook = (opts: {
  data: unknown[];
  ctx?: unknown;
  paths: readonly string[] | undefined;
  info: TRPCRequestInfo | undefined;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  errors: TRPCError[];
  eagerGeneration: boolean;
}) => ResponseMeta;

const VARY = 'trpc-accept, accept';

/**
 * Status and headers of one response. The common case (no `responseMeta` headers) never builds a
 * `Headers`; when `responseMeta` returns headers, a real `Headers` applies them with the exact
 * append/set/merge rules of `initResponse` in tRPC's `resolveResponse.ts`, and is shared between
 * the normal and the error branch as it is there.
 */
export class ResponseHead {
  headers: Headers | undefined;
  json = false;

  setJsonContentType(): void {
    this.json = true;
    this.headers?.set('content-type', 'application/json');
  }

  /** `initResponse`: the status from the bodies, then `responseMeta` may add headers and a status. */
  init(opts: {
    responseMeta: ResponseMetaHook | undefined;
    ctx: unknown;
    info: TRPCRequestInfo | undefined;
    untransformedJSON: TRPCResponseItem;
    errors: TRPCError[];
  }): number {
    // Without errors every item is a result and getHTTPStatusCode answers 200; skip its Set.
    let status = opts.errors.length === 0 ? 200 : getHTTPStatusCode(opts.untransformedJSON);
    const { responseMeta, info, untransformedJSON } = opts;
    if (responseMeta === undefined) return status;
    const meta =
      responseMeta({
        ctx: opts.ctx,
        info,
        paths: info?.calls.map((call) => call.path),
        data: Array.isArray(untransformedJSON) ? untransformedJSON : [untransformedJSON],
        errors: opts.errors,
        eagerGeneration: false,
        type:
          info?.calls.find((call) => call.procedure?._def.type)?.procedure?._def.type ?? 'unknown',
      }) ?? {};
    if (meta.headers) this.applyHeaders(meta.headers);
    if (meta.status) status = meta.status;
    return status;
  }

  private applyHeaders(source: NonNullable<ResponseMeta['headers']>): void {
    if (this.headers === undefined) {
      this.headers = new Headers([['vary', VARY]]);
      if (this.json) this.headers.set('content-type', 'application/json');
    }
    const headers = this.headers;
    if (source instanceof Headers) {
      for (const [key, value] of source.entries()) headers.append(key, value);
      return;
    }
    for (const [key, value] of Object.entries(source)) {
      if (Array.isArray(value)) for (const item of value) headers.append(key, item);
      else if (typeof value === 'string') headers.set(key, value);
    }
  }
}

export const DEFAULT_VARY = VARY;
