import { describe, expect, it } from 'vitest';
import { sampleCsv } from '../src/sample-csv.js';
import { chunked } from './helpers/read-all.js';

describe('sampleCsv', () => {
  it('returns the header and the first rows, rejects included, without reading on', async () => {
    const body = `id,name\n1,a\n2\n${Array.from({ length: 1000 }, (_, i) => `${i},x\n`).join('')}`;
    let chunks = 0;
    async function* source() {
      for await (const c of chunked(Buffer.from(body), [16])) {
        chunks++;
        yield c;
      }
    }
    const sample = await sampleCsv(source(), { rows: 3 });
    expect(sample.headers).toEqual(['id', 'name']);
    expect(sample.records.map((r) => r.values)).toEqual([
      ['1', 'a'],
      ['0', 'x'],
    ]);
    expect(sample.rejects).toEqual([
      { line: 3, message: 'line 3: expected 2 columns, found 1', raw: '2' },
    ]);
    expect(chunks).toBeLessThan(5);
  });
});
