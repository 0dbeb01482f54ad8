import { z } from 'zod';

export const chargeStatus = z.enum(['pending', 'succeeded', 'failed']);
export type ChargeStatus = z.infer<typeof chargeStatus>;

export const createChargeInput = z.object({
  orderId: z.string().trim().min(1).max(64),
  /** Exact decimal: a numeric string or a number with at most 2 decimal places. */
  amount: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(
      z
        .string()
        .regex(/^\d{1,12}(\.\d{1,2})?$/, { error: 'must be a decimal >= 0 with at most 2 places' }),
    )
    // One spelling per amount ("25", "25.0" and 25 are all "25.00"): the idempotency key
    // derives from it.
    .transform((v) => {
      const [int = '0', frac = ''] = v.split('.');
      return `${Number(int)}.${frac.padEnd(2, '0')}`;
    }),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 currency code such as USD' }),
});
export type CreateChargeInput = z.input<typeof createChargeInput>;

export const charge = z.object({
  id: z.uuid(),
  orderId: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: chargeStatus,
  /** Where the payer completes the payment, from the provider. */
  paymentUrl: z.string().nullable(),
  providerChargeId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Charge = z.infer<typeof charge>;

export const chargesGetInput = z.object({ id: z.uuid({ error: 'must be a charge id (UUID)' }) });
