import { describe, expect, it } from 'vitest';
import { CsvHeaderError } from '../src/errors.js';
import { readHeader } from '../src/read-header.js';
import { chunked, fixture } from './helpers/read-all.js';

describe('readHeader', () => {
  it('returns the columns and where the data starts, after a BOM', async () => {
    const bytes = await fixture('bom.csv');
    expect(await readHeader(chunked(bytes, [2]))).toEqual({
      headers: ['id', 'name'],
      endOffset: 11,
      endLine: 2,
    });
  });

  it('stops reading after the header row', async () => {
    let pulled = 0;
    async function* source() {
      for (const part of ['a;b\n', '1;2\n', '3;4\n']) {
        pulled++;
        yield Buffer.from(part);
      }
    }
    expect((await readHeader(source(), { delimiter: ';' })).headers).toEqual(['a', 'b']);
    expect(pulled).toBe(1);
  });

  it('gives no headers for an empty file and throws on a broken header', async () => {
    expect(await readHeader(chunked(Buffer.from('\n\n'), [1]))).toEqual({
      headers: [],
      endOffset: 0,
      endLine: 1,
    });
    await expect(readHeader(chunked(Buffer.from('a,b"\n'), [4]))).rejects.toBeInstanceOf(
      CsvHeaderError,
    );
  });
});
