import { describe, expect, it } from 'vitest';
import { checkRow, contacts, describeRejection, orders } from '../src/index.js';

const order = {
  order_id: 'A-1',
  customer_email: 'Ann@Example.com',
  amount: '12.50',
  currency: 'usd',
  status: 'Paid',
  created_at: '2026-01-31T09:30:00+08:00',
};

const messages = (dataset: typeof orders, row: Record<string, unknown>) => {
  const result = checkRow(dataset, row, 7);
  return result.ok ? [] : result.rejections.map(describeRejection);
};

describe('orders rows', () => {
  it('accepts a valid row and normalises it to its stored text form', () => {
    expect(checkRow(orders, order, 1)).toEqual({
      ok: true,
      value: { ...order, customer_email: 'ann@example.com', currency: 'USD', status: 'paid' },
    });
  });

  it('takes amounts as numbers or numeric strings, exactly', () => {
    for (const [amount, stored] of [
      [12.5, '12.5'],
      ['0', '0'],
      [' 99999999999.99 ', '99999999999.99'],
      [0, '0'],
    ] as const) {
      const result = checkRow(orders, { ...order, amount }, 1);
      expect(result.ok && result.value.amount).toBe(stored);
    }
  });

  it('explains each bad amount in words', () => {
    expect(messages(orders, { ...order, amount: -1 })).toEqual(['amount: must be >= 0']);
    expect(messages(orders, { ...order, amount: 0.1 + 0.2 })).toEqual([
      'amount: must have at most 2 decimal places',
    ]);
    expect(messages(orders, { ...order, amount: '12,5' })).toEqual(['amount: must be a number']);
    expect(messages(orders, { ...order, amount: 1e21 })).toEqual(['amount: must be a number']);
    expect(messages(orders, { ...order, amount: '1000000000000' })).toEqual([
      'amount: must be less than 10^12',
    ]);
  });

  it('reports every bad field of a row, with the row number and the value', () => {
    const result = checkRow(
      orders,
      {
        ...order,
        customer_email: 'nope',
        currency: 'XXY',
        status: 'lost',
        created_at: '2026-01-31',
      },
      7,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejections).toEqual([
      { row: 7, field: 'customer_email', message: 'must be a valid email address', value: 'nope' },
      {
        row: 7,
        field: 'currency',
        message: 'must be an ISO 4217 currency code such as USD',
        value: 'XXY',
      },
      {
        row: 7,
        field: 'status',
        message: 'must be one of paid, pending, refunded, cancelled',
        value: 'lost',
      },
      {
        row: 7,
        field: 'created_at',
        message: 'must be an ISO 8601 date-time with offset, e.g. 2026-01-31T09:30:00Z',
        value: '2026-01-31',
      },
    ]);
  });

  it('refuses date-times PostgreSQL cannot store: year 0000, UTC offsets of 16 hours', () => {
    const message = 'created_at: must be from year 0001 on, with a UTC offset within ±15:59';
    expect(messages(orders, { ...order, created_at: '0000-12-31T00:00:00Z' })).toEqual([message]);
    expect(messages(orders, { ...order, created_at: '2026-01-31T09:30:00+16:00' })).toEqual([
      message,
    ]);
    expect(messages(orders, { ...order, created_at: '2026-01-31T09:30:00-15:59' })).toEqual([]);
  });

  it('names missing and unknown columns', () => {
    const { order_id: _dropped, ...withoutKey } = order;
    expect(messages(orders, { ...withoutKey, colour: 'red' })).toEqual([
      'order_id: is required',
      'colour: is not a column of orders (columns: order_id, customer_email, amount, currency, status, created_at)',
    ]);
    expect(messages(orders, { ...order, order_id: '   ' })).toEqual([
      'order_id: must not be empty',
    ]);
    expect(messages(orders, { ...order, order_id: 'x'.repeat(65) })).toEqual([
      'order_id: must be at most 64 characters',
    ]);
  });

  it('refuses a row that is not an object', () => {
    const result = checkRow(orders, ['A-1'], 3);
    expect(result).toEqual({
      ok: false,
      rejections: [{ row: 3, field: '', message: 'must be an object of column values' }],
    });
  });
});

describe('contacts rows', () => {
  it('stores absent and blank optional columns as null', () => {
    expect(checkRow(contacts, { email: 'a@b.co', name: 'Ann', phone: '' }, 1)).toEqual({
      ok: true,
      value: { email: 'a@b.co', name: 'Ann', phone: null, company: null, country: null },
    });
  });

  it('checks E.164 phones and ISO 3166 countries', () => {
    expect(
      messages(contacts, { email: 'a@b.co', name: 'Ann', phone: '0155 5501', country: 'XX' }),
    ).toEqual([
      'phone: must be an E.164 phone number like +14155550100',
      'country: must be an ISO 3166-1 alpha-2 country code such as US',
    ]);
    const ok = checkRow(
      contacts,
      { email: 'a@b.co', name: 'Ann', phone: '+14155550100', country: 'de' },
      1,
    );
    expect(ok.ok && ok.value.country).toBe('DE');
  });

  it('refuses the NUL character, which PostgreSQL text cannot store', () => {
    expect(messages(contacts, { email: 'a@b.co', name: 'A\u0000nn', company: '\u0000' })).toEqual([
      'name: must not contain the NUL character (U+0000)',
      'company: must not contain the NUL character (U+0000)',
    ]);
    const refused = checkRow(contacts, { email: 'a@b.co', name: 'A\u0000nn' }, 1);
    expect(refused.ok || refused.rejections[0]?.value).toBe('A\u2400nn');
    const ok = checkRow(contacts, { email: 'a@b.co', name: 'Ann \u00e9 \u{1f600} \\N' }, 1);
    expect(ok.ok && ok.value.name).toBe('Ann \u00e9 \u{1f600} \\N');
  });
});
