import { CsvHeaderError } from './errors.js';
import { normalizeOptions } from './options.js';
import { byteChunks } from './source.js';
import { type CsvItem, CsvTokenizer } from './tokenizer.js';
import type { CsvBatch, CsvSource, ReadCsvOptions } from './types.js';

/**
 * Streams `source` as batches of records. The first record is the header unless
 * `options.headers` is given (required when resuming at `startOffset > 0`). Malformed records
 * come back as rejects; only a broken header row or a source of strings throws.
 *
 * To resume after a crash: open the file at a committed batch's `endOffset` and pass
 * `{ startOffset: endOffset, startLine: endLine, headers }`.
 */
export async function* readCsv(
  source: CsvSource,
  options: ReadCsvOptions = {},
): AsyncGenerator<CsvBatch, void, undefined> {
  const o = normalizeOptions(options);
  const tokenizer = new CsvTokenizer(o);
  let headers = o.headers;
  if (headers) tokenizer.expectedColumns = headers.length;
  let batch = emptyBatch(headers ?? [], o.startOffset, o.startLine);
  let yielded = false;

  // Returns the batch to yield once it is full.
  const take = (item: CsvItem): CsvBatch | undefined => {
    if (headers === undefined) {
      if ('message' in item) throw new CsvHeaderError(item.message, item.line);
      headers = item.values;
      tokenizer.expectedColumns = headers.length;
      batch = emptyBatch(headers, tokenizer.offset, tokenizer.line);
      return undefined;
    }
    if ('message' in item) batch.rejects.push(item);
    else batch.records.push(item);
    batch.endOffset = tokenizer.offset;
    batch.endLine = tokenizer.line;
    if (batch.records.length + batch.rejects.length < o.batchSize) return undefined;
    const full = batch;
    batch = emptyBatch(headers, full.endOffset, full.endLine);
    return full;
  };

  for await (const chunk of byteChunks(source)) {
    tokenizer.push(chunk);
    for (let item = tokenizer.next(); item; item = tokenizer.next()) {
      const full = take(item);
      if (full) {
        yielded = true;
        yield full;
      }
    }
  }
  tokenizer.end();
  for (let item = tokenizer.next(); item; item = tokenizer.next()) {
    const full = take(item);
    if (full) {
      yielded = true;
      yield full;
    }
  }
  // An empty last batch only when nothing was yielded: the caller still learns the headers.
  if (!yielded || batch.records.length + batch.rejects.length > 0) {
    yield { ...batch, headers: headers ?? [] };
  }
}

function emptyBatch(headers: readonly string[], endOffset: number, endLine: number): CsvBatch {
  return { headers, records: [], rejects: [], endOffset, endLine };
}
