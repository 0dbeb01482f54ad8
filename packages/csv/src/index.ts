export { CsvHeaderError } from './errors.js';
export { readCsv } from './read-csv.js';
export { readHeader } from './read-header.js';
export { type CsvSample, sampleCsv } from './sample-csv.js';
export type {
  CsvBatch,
  CsvHeader,
  CsvRecord,
  CsvReject,
  CsvSource,
  ReadCsvOptions,
} from './types.js';
