import { orders } from '@intake/schema';
import { describe, expect, it } from 'vitest';
import {
  gridColumns,
  gridRowsToObjects,
  gridRowToObject,
  objectsToGridRows,
} from '../../src/lib/grid-rows';
import { parseJsonRows } from '../../src/lib/parse-json-rows';

describe('grid rows', () => {
  it('leaves blank cells out of the row sent', () => {
    expect(
      gridRowToObject({ id: 1, cells: { order_id: 'A-1', amount: '  ', currency: 'USD' } }),
    ).toEqual({
      order_id: 'A-1',
      currency: 'USD',
    });
  });

  it('drops blank rows at the end only, so row numbers still match the grid', () => {
    const blank = { id: 1, cells: { order_id: ' ' } };
    const filled = { id: 2, cells: { order_id: 'A-1' } };
    expect(gridRowsToObjects([blank, filled, blank, blank])).toEqual([{}, { order_id: 'A-1' }]);
    expect(gridRowsToObjects([blank])).toEqual([]);
  });

  it('loads pasted JSON into cells as text and keeps unknown keys visible', () => {
    const [row] = objectsToGridRows([{ order_id: 'A-1', amount: 12.5, colour: 'red', note: null }]);
    expect(row?.cells).toEqual({ order_id: 'A-1', amount: '12.5', colour: 'red', note: '' });
    expect(gridColumns(orders, row ? [row] : [])).toEqual([
      ...orders.columnNames,
      'colour',
      'note',
    ]);
  });
});

describe('parseJsonRows', () => {
  it('accepts an array and treats blank text as no rows', () => {
    expect(parseJsonRows('[{"a":1}]')).toEqual({ ok: true, rows: [{ a: 1 }] });
    expect(parseJsonRows('  ')).toEqual({ ok: true, rows: [] });
  });

  it('explains invalid JSON and a non-array', () => {
    expect(parseJsonRows('[{')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Not valid JSON/),
    });
    expect(parseJsonRows('{"a":1}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/array/),
    });
  });
});
