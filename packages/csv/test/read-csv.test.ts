import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvHeaderError } from '../src/errors.js';
import { readCsv } from '../src/read-csv.js';
import { fixture, items, readAll } from './helpers/read-all.js';

const CHUNKINGS = [[1], [7], [65536], [2, 3, 1, 5]];

/** Reads a fixture with every chunking, checks they agree, and returns the one result. */
async function read(name: string, options = {}) {
  const bytes = await fixture(name);
  const results = await Promise.all(CHUNKINGS.map((sizes) => readAll(bytes, options, sizes)));
  for (const r of results) expect(r).toEqual(results[0]);
  const batches = results[0] ?? [];
  return { bytes, batches, headers: batches[0]?.headers, all: items(batches) };
}

describe('readCsv fixtures', () => {
  it('drops a UTF-8 BOM and counts its bytes in offsets', async () => {
    const { bytes, batches, headers, all } = await read('bom.csv');
    expect(headers).toEqual(['id', 'name']);
    expect(all).toEqual([
      { line: 2, values: ['1', 'Ada'] },
      { line: 3, values: ['2', 'Grace'] },
    ]);
    expect(batches.at(-1)?.endOffset).toBe(bytes.length);
    expect(batches.at(-1)?.endLine).toBe(4);
  });

  it('reads CRLF without leaving CR in values', async () => {
    const { all } = await read('crlf.csv');
    expect(all.map((r) => 'values' in r && r.values)).toEqual([
      ['1', 'Ada'],
      ['2', 'Grace'],
    ]);
  });

  it('keeps delimiters, newlines, lone CR and doubled quotes inside quoted fields', async () => {
    const { all } = await read('quotes.csv');
    expect(all).toEqual([
      { line: 2, values: ['1', 'a, b', 'say "hi"'] },
      { line: 3, values: ['2', 'two\nlines', 'cr\ronly'] },
      // Record 2 holds an LF and a lone CR, so it spans lines 3-5.
      { line: 6, values: ['3', 'crlf\r\ninside', ''] },
    ]);
  });

  it('rejects short rows with the line and the column counts', async () => {
    const { all } = await read('short-rows.csv');
    expect(all).toEqual([
      { line: 2, values: ['1', 'Ada', 'ada@example.com'] },
      { line: 3, message: 'line 3: expected 3 columns, found 2', raw: '2,Grace' },
      { line: 4, message: 'line 4: expected 3 columns, found 1', raw: '3' },
      { line: 5, values: ['4', 'Linus', 'linus@example.com'] },
    ]);
  });

  it('rejects long rows, including trailing empty columns', async () => {
    const { all } = await read('long-rows.csv');
    expect(all.map((r) => ('message' in r ? r.message : r.values[0]))).toEqual([
      '1',
      'line 3: expected 3 columns, found 4',
      'line 4: expected 3 columns, found 5',
      '4',
    ]);
  });

  it('rejects an unclosed quote at end of file and keeps the records before it', async () => {
    const { bytes, batches, all } = await read('unterminated-eof.csv');
    expect(all).toEqual([
      { line: 2, values: ['1', 'Ada'] },
      {
        line: 3,
        message:
          'line 3: the quote that opens column 2 is never closed; reading went on from the next line',
        raw: '2,"never closed',
      },
    ]);
    expect(batches.at(-1)?.endOffset).toBe(bytes.length);
  });

  it('after an unclosed quote goes on at the next line instead of losing the rest of the file', async () => {
    const { all } = await read('unterminated-mid.csv');
    expect(all.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(all[2]).toEqual({ line: 4, values: ['3', 'Grace'] });
  });

  it('rejects stray quotes and text after a closing quote', async () => {
    const { all } = await read('stray-quotes.csv');
    expect(all).toEqual([
      {
        line: 2,
        message:
          'line 2: column 2 has a quote but does not start with one; quote the whole field and double the inner quote ("")',
        raw: '1,bad"quote',
      },
      {
        line: 3,
        message:
          'line 3: column 2 has text after its closing quote; a quote inside a quoted field must be doubled ("")',
        raw: '2,"closed"junk',
      },
      { line: 4, values: ['3', 'fine'] },
    ]);
  });

  it('rejects records with invalid UTF-8 and says where', async () => {
    const { all } = await read('bad-utf8.csv');
    expect(all).toEqual([
      {
        line: 2,
        message:
          'line 2: invalid UTF-8 byte 0xE9 at byte offset 12; save the file as UTF-8 (it may be Latin-1 or Windows-1252)',
        raw: '1,Ad\uFFFDle',
      },
      { line: 3, values: ['2', 'Zoë'] },
      {
        line: 4,
        message:
          'line 4: invalid UTF-8 byte 0xFF at byte offset 25; save the file as UTF-8 (it may be Latin-1 or Windows-1252)',
        raw: '3,\uFFFD\uFFFD',
      },
      { line: 5, values: ['4', 'ok'] },
    ]);
  });

  it('decodes multi-byte characters split across any chunk boundary', async () => {
    const { all } = await read('multibyte.csv');
    expect(all.map((r) => 'values' in r && r.values[1])).toEqual(['München', '東京', '😀']);
  });

  it('skips empty lines but keeps counting them', async () => {
    const { all } = await read('empty-lines.csv');
    expect(all).toEqual([
      { line: 3, values: ['1', 'Ada'] },
      { line: 6, values: ['2', 'Grace'] },
    ]);
  });

  it('reads TSV with a tab delimiter; commas and semicolons are plain text there', async () => {
    const { headers, all } = await read('orders.tsv', { delimiter: '\t' });
    expect(headers).toEqual(['id', 'name', 'note']);
    expect(all).toEqual([
      { line: 2, values: ['1', 'Ada', 'a,b;c'] },
      { line: 3, values: ['2', 'tab\there', ''] },
    ]);
  });

  it('ends the last batch at end of file when the last line has no terminator', async () => {
    const { bytes, batches } = await read('no-final-newline.csv');
    expect(batches.at(-1)).toMatchObject({ endOffset: bytes.length, endLine: 3 });
  });
});

describe('readCsv batches', () => {
  const body = `id,n\n${Array.from({ length: 12 }, (_, i) => `${i},x`).join('\n')}\n`;

  it('cuts batches of batchSize records and rejects, offsets at record ends', async () => {
    const bytes = Buffer.from(body);
    const batches = await readAll(bytes, { batchSize: 5 });
    expect(batches.map((b) => b.records.length)).toEqual([5, 5, 2]);
    for (const b of batches) {
      expect(bytes[b.endOffset - 1]).toBe(0x0a);
      expect(b.records.at(-1)?.line).toBe(b.endLine - 1);
    }
  });

  it('yields one empty batch with the headers when there are no records', async () => {
    expect(await readAll(Buffer.from('a,b\n'))).toEqual([
      { headers: ['a', 'b'], records: [], rejects: [], endOffset: 4, endLine: 2 },
    ]);
    expect(await readAll(Buffer.alloc(0))).toEqual([
      { headers: [], records: [], rejects: [], endOffset: 0, endLine: 1 },
    ]);
  });

  it('reads a Node readable stream', async () => {
    const batches = [];
    for await (const b of readCsv(Readable.from([Buffer.from(body)]))) batches.push(b);
    expect(batches[0]?.records).toHaveLength(12);
  });

  it('throws on a broken header row, since no record could be checked', async () => {
    await expect(readAll(Buffer.from('a,"b\n1,2\n'))).rejects.toBeInstanceOf(CsvHeaderError);
  });

  it('refuses a source of strings: byte offsets would be wrong', async () => {
    await expect(
      readAll(Buffer.from(''), {}, []).then(() => readCsv(Readable.from(['a,b\n'])).next()),
    ).rejects.toThrow(/must yield bytes/);
  });

  it('rejects a record longer than maxRecordBytes and goes on at the next line', async () => {
    const bytes = Buffer.from('id,text\n1,"aaaaaaaaaaaaaaaaaaaa\nbbb\n2,ok\n');
    const all = items(await readAll(bytes, { maxRecordBytes: 16, maxRawChars: 8 }, [3]));
    expect(all).toEqual([
      {
        line: 2,
        message:
          'line 2: the quote that opens column 2 is not closed within 16 bytes; reading went on from the next line',
        raw: '1,"aaaaa',
      },
      { line: 3, message: 'line 3: expected 2 columns, found 1', raw: 'bbb' },
      { line: 4, values: ['2', 'ok'] },
    ]);
  });

  it('skips a single line longer than maxRecordBytes while it streams past', async () => {
    const bytes = Buffer.from(`id,text\n1,${'x'.repeat(100)}\r\n2,ok\n`);
    for (const sizes of [[1], [7], [1000]]) {
      const batches = await readAll(bytes, { maxRecordBytes: 16 }, sizes);
      expect(items(batches)).toEqual([
        {
          line: 2,
          message: 'line 2: the record is longer than 16 bytes; reading went on from the next line',
          raw: `1,${'x'.repeat(14)}`,
        },
        { line: 3, values: ['2', 'ok'] },
      ]);
    }
  });
});

describe('readCsv shapes', () => {
  it('reads a one-column file (no delimiter on any line)', async () => {
    const body = `email\n${Array.from({ length: 3000 }, (_, i) => `u${i}@example.com`).join('\n')}\n`;
    const records = (await readAll(Buffer.from(body), { batchSize: 1000 }, [4096])).flatMap(
      (b) => b.records,
    );
    expect(records).toHaveLength(3000);
    expect(records[2999]).toEqual({ line: 3001, values: ['u2999@example.com'] });
  });
});
