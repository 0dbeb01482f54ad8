import { describe, expect, it } from 'vitest';
import { readQuotedRecord } from '../src/quoted-record.js';

const COMMA = 0x2c;
const read = (text: string, eof = true) => readQuotedRecord(Buffer.from(text), 0, eof, COMMA);

describe('readQuotedRecord', () => {
  it('reads quoted fields with delimiters, line breaks and doubled quotes', () => {
    expect(read('"a,b","c\r\nd","say ""hi""",plain\nnext')).toEqual({
      kind: 'record',
      values: ['a,b', 'c\r\nd', 'say "hi"', 'plain'],
      end: 32,
    });
  });

  it('waits for the byte after a closing quote or a final CR', () => {
    expect(read('"a"', false)).toEqual({ kind: 'need-more', column: 1 });
    expect(read('"a",b\r', false)).toEqual({ kind: 'need-more', column: undefined });
    expect(read('x,"open', false)).toEqual({ kind: 'need-more', column: 2 });
  });

  it('reports an unclosed quote at end of input with its column', () => {
    expect(read('x,"open\nmore')).toEqual({ kind: 'unterminated', column: 2 });
  });

  it('rejects to the end of the line where quoting broke', () => {
    const r = read('1,"a"b,c\n2');
    expect(r).toMatchObject({ kind: 'malformed', end: 9 });
    expect(read('1,a"b\r\n2')).toMatchObject({ kind: 'malformed', end: 7 });
  });
});
