import type {
  Hooks,
  HttpClient,
  HttpMethod,
  RequestOptions,
  ResponsePromise,
} from '@intake/http-client';
import { type IntakeMetrics, statusClass } from './metrics.js';

/**
 * http-client hooks that time every outbound attempt by peer host and outcome: the status class
 * when an answer came, the error code (timeout, network_error...) when an attempt failed and is
 * retried. The host label stays small: clients only call configured peers (webhook endpoints
 * are operator-registered, payment provider).
 */
export function outboundMetricsHooks(metrics: IntakeMetrics | undefined, client: string): Hooks {
  if (!metrics) return {};
  return {
    afterResponse: [
      ({ request, status, durationMs }) => {
        metrics.outboundDuration.observe(
          { client, host: request.url.host, outcome: statusClass(status) },
          durationMs / 1000,
        );
      },
    ],
    beforeRetry: [
      ({ request, error }) => {
        // An attempt without an answer: hooks do not get its duration, so it is observed as 0 s
        // (counted by outcome; latency quantiles come from answered attempts).
        if (error.code === 'HTTP_ERROR') return;
        metrics.outboundDuration.observe(
          { client, host: request.url.host, outcome: error.code.toLowerCase() },
          0,
        );
      },
    ],
  };
}

/**
 * Hooks see answers and retries, not the failure of a call's last attempt (e.g. webhooks, which
 * never retry in-call). This wrapper observes those: any rejection other than an HTTP status error
 * (already counted by `afterResponse`), with the call's duration.
 */
export function observeOutboundFailures(
  http: HttpClient,
  metrics: IntakeMetrics | undefined,
  client: string,
): HttpClient {
  if (!metrics) return http;
  const watch = (url: string | URL, call: () => ResponsePromise): ResponsePromise => {
    const started = performance.now();
    const promise = call();
    promise.then(undefined, (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'HTTP_ERROR') return;
      let host = 'unknown';
      try {
        host = new URL(url).host;
      } catch {
        // A relative URL under the client's baseUrl: its host is not known here.
      }
      metrics.outboundDuration.observe(
        { client, host, outcome: typeof code === 'string' ? code.toLowerCase() : 'error' },
        (performance.now() - started) / 1000,
      );
    });
    return promise;
  };
  const verb =
    (method: HttpMethod) =>
    (url: string | URL, options?: RequestOptions): ResponsePromise =>
      watch(url, () => http.request(method, url, options));
  return {
    request: (method, url, options) => watch(url, () => http.request(method, url, options)),
    get: verb('GET'),
    post: verb('POST'),
    put: verb('PUT'),
    patch: verb('PATCH'),
    delete: verb('DELETE'),
    head: verb('HEAD'),
    download: (url, destination, options) => http.download(url, destination, options),
    get cookieJar() {
      return http.cookieJar;
    },
    exportCookies: () => http.exportCookies(),
    close: () => http.close(),
  };
}
