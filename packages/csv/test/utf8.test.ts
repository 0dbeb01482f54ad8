import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../src/utf8.js';

describe('firstInvalidUtf8', () => {
  it('finds lone, overlong, surrogate and truncated sequences', () => {
    const at = (bytes: number[]) => firstInvalidUtf8(Buffer.from(bytes), 0, bytes.length);
    expect(at([0x61, 0xe9, 0x62])).toBe(1);
    expect(at([0xc0, 0xaf])).toBe(0);
    expect(at([0x61, 0xed, 0xa0, 0x80])).toBe(1);
    expect(at([0x61, 0x62, 0xe2, 0x82])).toBe(2);
    expect(at([0xf4, 0x90, 0x80, 0x80])).toBe(0);
    expect(at([...Buffer.from('ok é € 😀')])).toBe(14);
  });

  it('agrees with buffer.isUtf8 on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        const buf = Buffer.from(bytes);
        expect(firstInvalidUtf8(buf, 0, buf.length) === buf.length).toBe(isUtf8(buf));
      }),
      { numRuns: 2000 },
    );
  });
});
