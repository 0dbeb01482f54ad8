import type { CookieJar, SerializedCookieJar } from 'tough-cookie';
import type { z } from 'zod';
import type { ClientContext, Consume } from './attempt.js';
import { createAuthenticator } from './auth.js';
import { createCookieJar } from './cookies.js';
import { type DownloadResult, downloadTo } from './download.js';
import { execute } from './execute.js';
import { createClientLogger } from './logging.js';
import { normalizeClientOptions } from './options.js';
import { Pools } from './pools.js';
import { isTextual, readBody } from './read-body.js';
import { HttpResponse } from './response.js';
import type { ClientOptions, DownloadOptions, HttpMethod, RequestOptions } from './types.js';

/** `await client.get(url)` gives the response; `.json(schema)` / `.text()` read it directly. */
export interface ResponsePromise extends Promise<HttpResponse> {
  json<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
  json<T = unknown>(): Promise<T>;
  text(): Promise<string>;
}

export interface HttpClient {
  request(method: HttpMethod, url: string | URL, options?: RequestOptions): ResponsePromise;
  get(url: string | URL, options?: RequestOptions): ResponsePromise;
  post(url: string | URL, options?: RequestOptions): ResponsePromise;
  put(url: string | URL, options?: RequestOptions): ResponsePromise;
  patch(url: string | URL, options?: RequestOptions): ResponsePromise;
  delete(url: string | URL, options?: RequestOptions): ResponsePromise;
  head(url: string | URL, options?: RequestOptions): ResponsePromise;
  /** Streams the body to `destination` (GET unless `method` is given). */
  download(
    url: string | URL,
    destination: string,
    options?: DownloadOptions & { readonly method?: HttpMethod },
  ): Promise<DownloadResult>;
  /** The session jar, when `cookies` was enabled. */
  readonly cookieJar: CookieJar | undefined;
  /** A JSON-safe snapshot of the jar to pass back as `cookies` after a restart. */
  exportCookies(): Promise<SerializedCookieJar | undefined>;
  /** Closes pooled sockets; in-flight calls finish first. */
  close(): Promise<void>;
}

const buffered: Consume<HttpResponse> = (response, request, call) =>
  readBody(
    response.body,
    response.headers['content-length'],
    isTextual(response.headers['content-type']),
    call.maxResponseBytes,
    request,
  ).then((payload) => new HttpResponse(request, response.statusCode, response.headers, payload));

const toResponsePromise = (promise: Promise<HttpResponse>): ResponsePromise => {
  const result = promise as ResponsePromise;
  result.json = ((schema?: z.ZodType) =>
    promise.then((response) =>
      schema ? response.json(schema) : response.json(),
    )) as ResponsePromise['json'];
  result.text = () => promise.then((response) => response.text());
  return result;
};

export const createHttpClient = (options: ClientOptions = {}): HttpClient => {
  const normalized = normalizeClientOptions(options);
  const logger = createClientLogger(normalized.logger);
  const pools = new Pools({
    connections: normalized.connections,
    keepAliveTimeoutMs: normalized.keepAliveTimeoutMs,
    connectTimeoutMs: normalized.timeout.connect,
    tls: options.tls,
    proxy: options.proxy,
    logger,
  });
  const ctx: ClientContext = {
    options: normalized,
    pools,
    logger,
    auth: createAuthenticator(options.auth),
    jar: createCookieJar(options.cookies),
  };

  let closed: Promise<void> | undefined;
  const request = (method: HttpMethod, url: string | URL, callOptions: RequestOptions = {}) =>
    toResponsePromise(execute(ctx, method, url, callOptions, buffered));

  return {
    request,
    get: (url, callOptions) => request('GET', url, callOptions),
    post: (url, callOptions) => request('POST', url, callOptions),
    put: (url, callOptions) => request('PUT', url, callOptions),
    patch: (url, callOptions) => request('PATCH', url, callOptions),
    delete: (url, callOptions) => request('DELETE', url, callOptions),
    head: (url, callOptions) => request('HEAD', url, callOptions),
    download: (url, destination, downloadOptions = {}) =>
      execute(
        ctx,
        downloadOptions.method ?? 'GET',
        url,
        downloadOptions,
        downloadTo(destination, downloadOptions),
      ),
    cookieJar: ctx.jar,
    exportCookies: async () => ctx.jar?.serialize(),
    close: () => {
      closed ??= pools.close();
      return closed;
    },
  };
};
