import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { TRPCRequestInfo } from '@trpc/server/http';

/** `createURL` from tRPC's `incomingMessageToRequest.ts`. */
export function requestUrl(req: IncomingMessage): URL {
  const encrypted = (req.socket as Partial<TLSSocket> | null)?.encrypted === true;
  const protocol = req.headers[':scheme'] === 'https' || encrypted ? 'https:' : 'http:';
  const authority = req.headers[':authority'];
  const host = req.headers.host ?? (typeof authority === 'string' ? authority : 'localhost');
  return new URL(req.url ?? '/', `${protocol}//${host}`);
}

/**
 * `TRPCRequestInfo` for `createContext` and `responseMeta`. `url` and `signal` are getters, built
 * only if read: the official adapter builds both for every request, and they are a good part of
 * its cost. Own enumerable getters, so spreading `info` still copies them.
 */
export function createRequestInfo(
  base: Omit<TRPCRequestInfo, 'url' | 'signal'>,
  req: IncomingMessage,
  getSignal: () => AbortSignal,
): TRPCRequestInfo {
  let url: URL | undefined;
  return {
    accept: base.accept,
    type: base.type,
    isBatchCall: base.isBatchCall,
    calls: base.calls,
    connectionParams: base.connectionParams,
    get signal() {
      return getSignal();
    },
    get url() {
      url ??= requestUrl(req);
      return url;
    },
  };
}
