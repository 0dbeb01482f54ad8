import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiledRowCheck } from '../src/compiled-row-check.js';
import { checkRow, contacts, type Dataset, orders } from '../src/index.js';

/** Values each column accepts, in the forms people write them. */
const valid: Record<string, string[]> = {
  order_id: ['A-1', 'x'.repeat(64), '  ORD-7  ', 'Zoë "quoted", \\N'],
  customer_email: ['ann@example.com', ' Ann@Example.COM ', "o'neil+tag@mail.example.org"],
  amount: ['0', '12.50', '999999999999.99', '00012', ' 7.5 '],
  currency: ['USD', 'usd', ' eur '],
  status: ['paid', 'PAID', ' Refunded ', 'cancelled'],
  created_at: [
    '2026-01-31T09:30:00+08:00',
    '2026-01-31T09:30:00Z',
    '2024-02-29T00:00:00.123Z',
    '0001-01-01T00:00:00-15:59',
  ],
  email: ['a@b.co', ' A@B.CO '],
  name: ['Ann', 'x'.repeat(200), ' Zoë 北京 😀 '],
  phone: ['+14155550100', '', '  '],
  company: ['', 'ACME, Inc.', ' '],
  country: ['de', 'US', ''],
};

/** Cells just past each column's rules. */
const invalid: Record<string, string[]> = {
  order_id: ['x'.repeat(65), '   ', 'A\u0000'],
  customer_email: ['a@b', 'a..b@c.io', '.a@b.io', 'a@b.c', 'Zoë@b.co'],
  amount: ['-1', '1.234', '1000000000000', '1e3', '.5', '12,50'],
  currency: ['XXX', 'US', 'ZZZ'],
  status: ['lost', ''],
  created_at: [
    '2026-02-30T09:30:00Z',
    '2026-01-31T09:30Z',
    '2026-01-31 09:30:00Z',
    '2026-01-31T24:00:00Z',
    '2026-01-31T09:30:00',
    '0000-06-01T00:00:00Z',
    '2026-01-31T09:30:00+16:00',
  ],
  email: ['a@b', ''],
  name: ['   ', 'A\u0000nn', 'x'.repeat(201)],
  phone: ['+0123', '0155 5501', '+1234567890123456'],
  company: ['x'.repeat(201), '\u0000'],
  country: ['XX', 'usa'],
};

const cell = (column: string) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...(valid[column] ?? [''])) },
    { weight: 2, arbitrary: fc.constantFrom(...(invalid[column] ?? [''])) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(12.5, 0, -3, 0.1 + 0.2, true, null, undefined, {}) },
  );

/** `arbitrary` once in `n` runs, null otherwise. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, n: number) =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** Rows of every shape: a column left out now and then, sometimes an unknown one, any cells. */
const rows = (dataset: Dataset) =>
  fc
    .tuple(
      fc.record(Object.fromEntries(dataset.columnNames.map((c) => [c, cell(c)]))),
      sometimes(fc.constantFrom(...dataset.columnNames), 8),
      sometimes(fc.constantFrom('extra', 'Amount', '__proto__x'), 12),
    )
    .map(([row, missing, unknown]) => {
      const shaped: Record<string, unknown> = { ...row };
      if (missing !== null) delete shaped[missing];
      if (unknown !== null) shaped[unknown] = 'x';
      return shaped;
    });

describe.each([orders, contacts])('compiledRowCheck($name)', (dataset) => {
  it('answers exactly as checkRow does: accepted values and every rejection message', () => {
    const fast = compiledRowCheck(dataset);
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(rows(dataset), fc.nat(1_000_000), (raw, line) => {
        const expected = checkRow(dataset, raw, line);
        expect(fast(raw, line)).toEqual(expected);
        if (expected.ok) accepted += 1;
        else refused += 1;
      }),
      { numRuns: 3000 },
    );
    // Both answers must have been exercised, or the comparison proves little.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('is compiled in full: no column falls back to zod’s runtime parser on valid rows', () => {
    // `z.compile` returns a schema it cannot model unchanged; strict mode says so instead.
    expect(() => z.compile(dataset.rowSchema, { strict: true })).not.toThrow();
  });
});
