import { describe, expect, it } from 'vitest';
import { readQuotedText } from '../src/quoted-text.js';

const COMMA = 0x2c;

describe('readQuotedText', () => {
  it('reads well-formed records and counts their line breaks', () => {
    expect(readQuotedText('"a\nb",c\r\nrest', 0, false, COMMA)).toEqual({
      values: ['a\nb', 'c'],
      end: 9,
      breaks: 2,
    });
    expect(readQuotedText('"x""y",""', 0, true, COMMA)).toEqual({
      values: ['x"y', ''],
      end: 9,
      breaks: 0,
    });
  });

  it('leaves everything doubtful to the byte path', () => {
    expect(readQuotedText('"open', 0, true, COMMA)).toBeUndefined();
    expect(readQuotedText('"a"b\n', 0, true, COMMA)).toBeUndefined();
    expect(readQuotedText('a"b\n', 0, true, COMMA)).toBeUndefined();
    expect(readQuotedText('"a"\rb', 0, true, COMMA)).toBeUndefined();
    expect(readQuotedText('"a"', 0, false, COMMA)).toBeUndefined();
  });
});
