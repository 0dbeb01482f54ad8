import { orders } from '@intake/schema';
import { describe, expect, it } from 'vitest';
import {
  checkPreview,
  confidenceOf,
  mappingFromProposal,
  rowFromLine,
  unmappedRequired,
} from '../../src/lib/column-mapping';

const headers = ['Order ID', 'Customer E-Mail', 'Total', 'Currency', 'Status', 'Order Date'];
const mapping = {
  order_id: 'Order ID',
  customer_email: 'Customer E-Mail',
  amount: 'Total',
  currency: 'Currency',
  status: 'Status',
  created_at: 'Order Date',
};

describe('column mapping', () => {
  it('names the confidence of a proposal', () => {
    expect([1, 0.9, 0.8, 0.6, 0].map(confidenceOf)).toEqual([
      'exact',
      'exact',
      'likely',
      'guess',
      'none',
    ]);
  });

  it('turns a proposal into a mapping', () => {
    expect(
      mappingFromProposal([
        { column: 'order_id', header: 'Order ID', confidence: 0.9 },
        { column: 'status', header: null, confidence: 0 },
      ]),
    ).toEqual({ order_id: 'Order ID', status: null });
  });

  it('builds the row a line becomes, leaving unmapped columns out', () => {
    expect(
      rowFromLine(headers, ['A-1', 'a@example.com', '5'], { order_id: 'Order ID', status: null }),
    ).toEqual({
      order_id: 'A-1',
    });
  });

  it('marks invalid cells of the sample by file line, and follows a changed mapping', () => {
    const preview = {
      headers,
      rows: [
        {
          line: 2,
          values: ['A-1', 'a@example.com', '12.50', 'USD', 'paid', '2026-01-31T09:30:00Z'],
        },
        { line: 3, values: ['A-2', 'not-an-email', '-1', 'USD', 'paid', '2026-01-31T09:30:00Z'] },
      ],
    };
    const problems = checkPreview(orders, preview, mapping);
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'customer_email'],
      [3, 'amount'],
    ]);
    // Amount read from the Currency column: every line fails there.
    const wrong = checkPreview(orders, preview, { ...mapping, amount: 'Currency' });
    expect(wrong.filter((p) => p.field === 'amount').map((p) => p.row)).toEqual([2, 3]);
  });

  it('lists required columns left empty', () => {
    expect(unmappedRequired(orders, { ...mapping, order_id: null })).toContain('order_id');
    expect(unmappedRequired(orders, mapping)).toEqual([]);
  });
});
