import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CsvBatch, ReadCsvOptions } from '../src/types.js';
import { items, readAll } from './helpers/read-all.js';

// Pieces chosen to hit every branch: delimiters, quotes, all three line terminators, 2-4 byte
// characters, bytes that are never valid UTF-8 and a truncated sequence.
const PIECES = [
  ...[',', ',', '"', '"', '\n', '\r', '\r\n', 'a', 'b', ' ', 'é', '€', '😀', ';', '\t'].map((s) =>
    Buffer.from(s),
  ),
  Buffer.from([0xff]),
  Buffer.from([0xe2, 0x82]),
];
const HEADERS = ['a,b\n', 'a,b,c\r\n', '\uFEFFa,b\n', 'a\n', '"a","b"\r'];

const messyCsv = fc
  .tuple(fc.constantFrom(...HEADERS), fc.array(fc.constantFrom(...PIECES), { maxLength: 160 }))
  .map(([header, pieces]) => Buffer.concat([Buffer.from(header), ...pieces]));
const chunkSizes = fc.array(fc.integer({ min: 1, max: 48 }), { minLength: 1, maxLength: 6 });
const readOptions = fc.record({
  batchSize: fc.integer({ min: 1, max: 4 }),
  maxRecordBytes: fc.constantFrom(8 * 1024 * 1024, 12, 40),
  maxRawChars: fc.constantFrom(1000, 5),
});

type Outcome = { batches: CsvBatch[] } | { error: string };

async function outcome(bytes: Buffer, options: ReadCsvOptions, sizes: number[]): Promise<Outcome> {
  try {
    return { batches: await readAll(bytes, options, sizes) };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('readCsv under any chunking', () => {
  it('gives the same batches, records, rejects and offsets as one big chunk', async () => {
    await fc.assert(
      fc.asyncProperty(messyCsv, readOptions, chunkSizes, async (bytes, options, sizes) => {
        const whole = await outcome(bytes, options, [bytes.length || 1]);
        expect(await outcome(bytes, options, sizes)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('resuming at any batch endOffset yields exactly the remaining records and rejects', async () => {
    await fc.assert(
      fc.asyncProperty(messyCsv, readOptions, chunkSizes, async (bytes, options, sizes) => {
        const whole = await outcome(bytes, options, [4096]);
        if (!('batches' in whole)) return;
        const batches = whole.batches;
        for (const [i, batch] of batches.entries()) {
          const resumed = await readAll(
            bytes.subarray(batch.endOffset),
            {
              ...options,
              startOffset: batch.endOffset,
              startLine: batch.endLine,
              headers: batch.headers,
            },
            sizes,
          );
          expect(items(resumed)).toEqual(items(batches.slice(i + 1)));
          expect(resumed.at(-1)?.endOffset).toBe(batches.at(-1)?.endOffset);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('readCsv on well-formed CSV', () => {
  const unit = fc.constantFrom(
    'a',
    'Z',
    '1',
    ' ',
    ',',
    ';',
    '"',
    '\n',
    '\r',
    '\r\n',
    'é',
    '€',
    '😀',
  );
  const field = fc.string({ unit, maxLength: 6 });
  const rows = fc.array(fc.tuple(field, field, field), { maxLength: 30 });

  const encode = (value: string) =>
    /[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
  const breaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

  it('returns every value, its line and the byte offset after each batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        rows,
        fc.constantFrom('\n', '\r\n'),
        chunkSizes,
        async (data, eol, sizes) => {
          const header = `x,y,z${eol}`;
          const lines = data.map((row) => row.map(encode).join(',') + eol);
          const bytes = Buffer.from(header + lines.join(''));
          const batches = await readAll(bytes, { batchSize: 7 }, sizes);
          const records = batches.flatMap((b) => b.records);
          expect(records.map((r) => r.values)).toEqual(data);
          let line = 2;
          let offset = Buffer.byteLength(header);
          const ends = new Map<number, number>();
          for (const [i, text] of lines.entries()) {
            expect(records[i]?.line).toBe(line);
            line += breaks(text);
            offset += Buffer.byteLength(text);
            ends.set(i + 1, offset);
          }
          let seen = 0;
          for (const b of batches) {
            seen += b.records.length;
            if (seen > 0) expect(b.endOffset).toBe(ends.get(seen));
          }
          expect(batches.every((b) => b.rejects.length === 0)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
