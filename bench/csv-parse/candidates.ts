import { createReadStream } from 'node:fs';
import { readCsv } from '@intake/csv';
import { parse as csvParse } from 'csv-parse';
import Papa from 'papaparse';
import { inferSchema, initParser, type Parser } from 'udsv';

/** Each reads the whole file as a stream and returns the number of data rows (header excluded). */
export interface Candidate {
  name: string;
  /** Whether it can report the exact byte offset after a record (needed to resume an import). */
  exactOffsets: string;
  run: (path: string) => Promise<number>;
}

export const candidates: Candidate[] = [
  {
    name: 'csv-parse',
    exactOffsets: 'no (plain)',
    run: async (path) => {
      let rows = 0;
      for await (const _record of createReadStream(path).pipe(csvParse({ bom: true }))) rows++;
      return rows - 1;
    },
  },
  {
    name: 'csv-parse info',
    exactOffsets: 'yes (info.bytes)',
    run: async (path) => {
      let rows = 0;
      let bytes = 0;
      const parser = createReadStream(path).pipe(csvParse({ bom: true, info: true }));
      for await (const { info } of parser as AsyncIterable<{ info: { bytes: number } }>) {
        bytes = info.bytes;
        rows++;
      }
      if (bytes <= 0) throw new Error('csv-parse reported no bytes');
      return rows - 1;
    },
  },
  {
    name: 'papaparse',
    exactOffsets: 'no (UTF-16 cursor)',
    run: (path) =>
      new Promise((resolve, reject) => {
        let rows = 0;
        // Normal mode: fast mode does not handle quotes. The stream is decoded by Node, so
        // multi-byte characters are never split.
        Papa.parse<string[]>(createReadStream(path, { encoding: 'utf8' }), {
          fastMode: false,
          chunk: (results) => {
            rows += results.data.length;
          },
          complete: () => resolve(rows - 1),
          error: reject,
        });
      }),
  },
  {
    name: 'uDSV',
    exactOffsets: 'no (none)',
    run: async (path) => {
      let rows = 0;
      let parser: Parser | undefined;
      const count = () => {
        rows++;
      };
      for await (const text of createReadStream(path, { encoding: 'utf8' })) {
        parser ??= initParser(inferSchema(text as string, { col: ',', row: '\n', encl: '"' }));
        parser.chunk<string[]>(text as string, parser.stringArrs, count);
      }
      parser?.end();
      return rows;
    },
  },
  {
    name: '@intake/csv readCsv',
    exactOffsets: 'yes (endOffset)',
    run: async (path) => {
      let rows = 0;
      let rejects = 0;
      for await (const batch of readCsv(createReadStream(path))) {
        rows += batch.records.length;
        rejects += batch.rejects.length;
      }
      if (rejects > 0) throw new Error(`readCsv rejected ${rejects} rows of a clean file`);
      return rows;
    },
  },
];
