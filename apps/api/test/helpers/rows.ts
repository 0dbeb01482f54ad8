/** A valid orders row; override fields to make it invalid. */
export const orderRow = (id: string, overrides: Record<string, unknown> = {}) => ({
  order_id: id,
  customer_email: `${id.toLowerCase()}@example.com`,
  amount: '10.00',
  currency: 'USD',
  status: 'paid',
  created_at: '2026-01-31T09:30:00+08:00',
  ...overrides,
});
