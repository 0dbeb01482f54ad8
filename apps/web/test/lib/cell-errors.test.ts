import { describe, expect, it } from 'vitest';
import { cellKey, issueLocation, toCellErrors } from '../../src/lib/cell-errors';

describe('issueLocation', () => {
  it('turns the 0-based zod index into the 1-based row people count', () => {
    expect(issueLocation('rows.3.amount')).toEqual({ row: 4, field: 'amount' });
    expect(issueLocation('rows.0')).toEqual({ row: 1, field: '' });
  });

  it('ignores paths that are not about a row', () => {
    expect(issueLocation('dataset')).toBeUndefined();
    expect(issueLocation('rows')).toBeUndefined();
  });
});

describe('toCellErrors', () => {
  it('merges rejections and issues per cell without repeating a message', () => {
    const errors = toCellErrors(
      [
        { row: 2, field: 'amount', message: 'must be >= 0' },
        { row: 2, field: 'amount', message: 'must be >= 0' },
      ],
      [
        { path: 'rows.1.amount', message: 'must be >= 0' },
        { path: 'rows.1.currency', message: 'must be an ISO 4217 currency code such as USD' },
        { path: 'dataset', message: 'unknown' },
      ],
    );
    expect(errors.get(cellKey(2, 'amount'))).toEqual(['must be >= 0']);
    expect(errors.get(cellKey(2, 'currency'))).toHaveLength(1);
    expect(errors.size).toBe(2);
  });
});
