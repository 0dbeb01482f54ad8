import { describe, expect, it } from 'vitest';
import { summariseProblems } from '../../src/lib/problem-summary';

describe('summariseProblems', () => {
  it('groups by column and message, counts lines once, most frequent first', () => {
    expect(
      summariseProblems([
        { row: 2, field: 'status', message: 'must be one of paid, pending' },
        { row: 3, field: 'amount', message: 'must be a number' },
        { row: 4, field: 'amount', message: 'must be a number' },
        { row: 4, field: 'amount', message: 'must be a number' },
      ]),
    ).toEqual([
      { field: 'amount', message: 'must be a number', lines: 2 },
      { field: 'status', message: 'must be one of paid, pending', lines: 1 },
    ]);
  });
});
