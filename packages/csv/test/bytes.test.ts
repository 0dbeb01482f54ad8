import { describe, expect, it } from 'vitest';
import { countLineBreaks, lineEnd } from '../src/bytes.js';

describe('lineEnd', () => {
  it('ends after LF, CRLF or a lone CR, and waits when a final CR may be half a CRLF', () => {
    const b = Buffer.from('ab\ncd\r\nef\rg');
    expect(lineEnd(b, 0, false)).toBe(3);
    expect(lineEnd(b, 3, false)).toBe(7);
    expect(lineEnd(b, 7, false)).toBe(10);
    expect(lineEnd(b, 10, false)).toBeUndefined();
    expect(lineEnd(b, 10, true)).toBe(11);
    expect(lineEnd(Buffer.from('a\r'), 0, false)).toBeUndefined();
  });
});

describe('countLineBreaks', () => {
  it('counts LF, CRLF and lone CR once each', () => {
    const b = Buffer.from('a\nb\r\nc\rd');
    expect(countLineBreaks(b, 0, b.length)).toBe(3);
  });
});
