import { createHttpClient, type HttpClient } from '@intake/http-client';
import type { Logger } from 'pino';
import { z } from 'zod';

export interface ProviderSettings {
  url: string;
  merchantId: string;
  apiKey: string;
  timeoutMs: number;
}

const providerCharge = z.object({
  id: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  paymentUrl: z.string(),
});
export type ProviderCharge = z.infer<typeof providerCharge>;

/**
 * The payment provider's API as Intake uses it. Charges are POSTed with an idempotency key, so
 * the client may retry them after a timeout or a 5xx without ever charging twice.
 */
export function createPaymentProvider(settings: ProviderSettings, logger: Logger) {
  const http: HttpClient = createHttpClient({
    baseUrl: settings.url,
    auth: { type: 'bearer', token: settings.apiKey },
    // An attempt may take a third of the deadline, leaving room to retry a slow one.
    timeout: {
      total: settings.timeoutMs,
      headers: Math.max(100, Math.floor(settings.timeoutMs / 3)),
    },
    retry: { limit: 3, baseDelayMs: 100 },
    logger,
  });
  return {
    createCharge(
      charge: { orderId: string; amount: string; currency: string; callbackUrl: string },
      idempotencyKey: string,
      requestId: string | undefined,
    ): Promise<ProviderCharge> {
      return http
        .post('v1/charges', {
          json: { merchantId: settings.merchantId, ...charge },
          idempotencyKey,
          ...(requestId ? { requestId } : {}),
        })
        .json(providerCharge);
    },
    close: () => http.close(),
  };
}

export type PaymentProvider = ReturnType<typeof createPaymentProvider>;
