import { describe, expect, it } from 'vitest';
import { uniqueRejections } from '../../src/lib/unique-rejections';

describe('uniqueRejections', () => {
  it('lists a problem reported by both client and server once, keeping order', () => {
    const a = { row: 2, field: 'amount', message: 'must be >= 0' };
    const b = {
      row: 2,
      field: 'currency',
      message: 'must be an ISO 4217 currency code such as USD',
    };
    expect(uniqueRejections([a, b, { ...a, value: '-5' }])).toEqual([a, b]);
  });
});
