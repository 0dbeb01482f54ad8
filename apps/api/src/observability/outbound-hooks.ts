import type { Hooks } from '@intake/http-client';
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
        // No answer: the attempt's duration is unknown here, so count it in the +Inf-free
        // smallest way that still shows up in rate(): a zero-length observation.
        if (error.code === 'HTTP_ERROR') return;
        metrics.outboundDuration.observe(
          { client, host: request.url.host, outcome: error.code.toLowerCase() },
          0,
        );
      },
    ],
  };
}
