import { currency, datetime, decimal, email, oneOf, text } from '../columns.js';
import { defineDataset } from '../dataset.js';

export const orders = defineDataset({
  name: 'orders',
  label: 'Orders',
  key: 'order_id',
  columns: {
    order_id: text({ min: 1, max: 64 }),
    customer_email: email(),
    amount: decimal({ precision: 14, scale: 2, min: 0 }),
    currency: currency(),
    status: oneOf(['paid', 'pending', 'refunded', 'cancelled']),
    created_at: datetime(),
  },
});
