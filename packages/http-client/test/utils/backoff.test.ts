import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../src/utils/backoff.js';

describe('fullJitterDelay', () => {
  it('draws uniformly below base * 2^(retry-1), capped', () => {
    expect(fullJitterDelay(1, 100, 5_000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 5_000, () => 0.5)).toBe(200);
    expect(fullJitterDelay(20, 100, 5_000, () => 0.999)).toBe(4_995);
    expect(fullJitterDelay(4, 100, 5_000, () => 0)).toBe(0);
  });
});
