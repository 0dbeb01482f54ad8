import { describe, expect, it } from 'vitest';
import { normalizeOptions } from '../src/options.js';

describe('normalizeOptions', () => {
  it('fills defaults', () => {
    expect(normalizeOptions({})).toEqual({
      delimiter: 0x2c,
      headers: undefined,
      batchSize: 5000,
      startOffset: 0,
      startLine: 1,
      maxRecordBytes: 8 * 1024 * 1024,
      maxRawChars: 1000,
    });
  });

  it('refuses delimiters that cannot work and a resume without headers', () => {
    for (const delimiter of ['"', '\n', '\r', ',,', '', '€']) {
      expect(() => normalizeOptions({ delimiter })).toThrow(TypeError);
    }
    expect(() => normalizeOptions({ startOffset: 10 })).toThrow(/headers/);
    expect(() => normalizeOptions({ batchSize: 0 })).toThrow(/batchSize/);
  });
});
