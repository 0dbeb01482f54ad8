import { CsvHeaderError } from './errors.js';
import { normalizeOptions } from './options.js';
import { byteChunks } from './source.js';
import { type CsvItem, CsvTokenizer } from './tokenizer.js';
import type { CsvHeader, CsvSource, ReadCsvOptions } from './types.js';

/**
 * Reads only the header row (and stops the source): for a resume that needs the column names
 * without going through the file. An empty file gives no headers.
 */
export async function readHeader(
  source: CsvSource,
  options: Pick<ReadCsvOptions, 'delimiter' | 'maxRecordBytes'> = {},
): Promise<CsvHeader> {
  const o = normalizeOptions(options);
  const tokenizer = new CsvTokenizer(o);
  for await (const chunk of byteChunks(source)) {
    tokenizer.push(chunk);
    const item = tokenizer.next();
    if (item) return toHeader(item, tokenizer);
  }
  tokenizer.end();
  const item = tokenizer.next();
  return item ? toHeader(item, tokenizer) : { headers: [], endOffset: 0, endLine: 1 };
}

function toHeader(item: CsvItem, tokenizer: CsvTokenizer): CsvHeader {
  if ('message' in item) throw new CsvHeaderError(item.message, item.line);
  return { headers: item.values, endOffset: tokenizer.offset, endLine: tokenizer.line };
}
