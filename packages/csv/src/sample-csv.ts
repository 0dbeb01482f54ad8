import { readCsv } from './read-csv.js';
import type { CsvRecord, CsvReject, CsvSource, ReadCsvOptions } from './types.js';

export interface CsvSample {
  headers: readonly string[];
  records: CsvRecord[];
  rejects: CsvReject[];
}

/**
 * The header and the first `rows` records or rejects, for a mapping preview; reads no further
 * than that, so it is cheap on a file of any size.
 */
export async function sampleCsv(
  source: CsvSource,
  options: { rows?: number } & Pick<
    ReadCsvOptions,
    'delimiter' | 'maxRecordBytes' | 'maxRawChars'
  > = {},
): Promise<CsvSample> {
  const { rows = 20, ...rest } = options;
  for await (const batch of readCsv(source, { ...rest, batchSize: rows })) {
    return { headers: batch.headers, records: batch.records, rejects: batch.rejects };
  }
  return { headers: [], records: [], rejects: [] };
}
