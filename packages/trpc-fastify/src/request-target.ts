import type { IncomingHttpHeaders } from 'node:http';

/**
 * The query parameters the JSON path reads, parsed from the raw URL with the same
 * application/x-www-form-urlencoded parser `new URL(req.url).searchParams` uses, without building
 * a URL. Everything after `#` is a fragment for the URL parser too.
 */
export interface QueryParams {
  batch: string | null;
  input: string | null;
  connectionParams: string | null;
}

const EMPTY: QueryParams = { batch: null, input: null, connectionParams: null };

export function readQueryParams(url: string): QueryParams {
  const start = url.indexOf('?');
  if (start === -1) return EMPTY;
  const hash = url.indexOf('#', start);
  const query = hash === -1 ? url.slice(start + 1) : url.slice(start + 1, hash);
  if (query === '') return EMPTY;
  const params = new URLSearchParams(query);
  return {
    batch: params.get('batch'),
    input: params.get('input'),
    connectionParams: params.get('connectionParams'),
  };
}

/** `hasContentType(req, 'application/json')` from tRPC's `contentType.ts` (case-insensitive). */
export function isJsonContentType(contentType: string): boolean {
  if (contentType === 'application/json') return true;
  const semicolon = contentType.indexOf(';');
  const mediaType = semicolon === -1 ? contentType : contentType.slice(0, semicolon);
  return mediaType.trim().toLowerCase() === 'application/json';
}

/**
 * tRPC builds `new URL(req.url, \`http://${host}\`)` for every request and answers 500 when that
 * throws; the fast path builds it only on demand, so it delegates requests whose URL would not
 * parse. Hosts are few, so the verdict is cached (bounded, in case clients send random ones).
 */
const hostVerdicts = new Map<string, boolean>();

function isParsableHost(host: string): boolean {
  let verdict = hostVerdicts.get(host);
  if (verdict === undefined) {
    try {
      new URL(`http://${host}`);
      verdict = true;
    } catch {
      verdict = false;
    }
    if (hostVerdicts.size >= 256) hostVerdicts.clear();
    hostVerdicts.set(host, verdict);
  }
  return verdict;
}

/**
 * Whether the request is plain JSON the fast path serves byte-for-byte like `resolveResponse`.
 * Streaming (`trpc-accept` or an `accept` naming jsonl), FormData, octet-stream, method override,
 * HEAD and other methods, subscriptions' connection params and unusual hosts are delegated.
 */
export function isFastPathCandidate(
  method: string | undefined,
  url: string,
  headers: IncomingHttpHeaders,
  allowMethodOverride: boolean,
): boolean {
  if (method !== 'GET' && method !== 'POST') return false;
  // `//host/path` would be parsed as a scheme-relative URL by `new URL`.
  if (url.charCodeAt(0) !== 0x2f || url.charCodeAt(1) === 0x2f) return false;
  if (headers['trpc-accept'] !== undefined) return false;
  const accept = headers.accept;
  if (accept?.includes('jsonl')) return false;
  const contentType = headers['content-type'];
  if (contentType === undefined) {
    if (method === 'POST') return false;
  } else if (!isJsonContentType(contentType)) {
    return false;
  }
  if (method === 'POST' && allowMethodOverride) return false;
  const host = headers.host;
  return host === undefined ? headers[':authority'] === undefined : isParsableHost(host);
}
