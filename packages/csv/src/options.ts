import type { ReadCsvOptions } from './types.js';

export interface NormalizedOptions {
  delimiter: number;
  headers: readonly string[] | undefined;
  batchSize: number;
  startOffset: number;
  startLine: number;
  maxRecordBytes: number;
  maxRawChars: number;
}

const FORBIDDEN_DELIMITERS = new Set(['"', '\r', '\n']);

/** Defaults in one place; a wrong option is a programming error, so it throws at once. */
export function normalizeOptions(options: ReadCsvOptions): NormalizedOptions {
  const delimiter = options.delimiter ?? ',';
  if (
    delimiter.length !== 1 ||
    delimiter.charCodeAt(0) > 0x7f ||
    FORBIDDEN_DELIMITERS.has(delimiter)
  ) {
    throw new TypeError(
      `delimiter must be one ASCII character other than a quote, CR or LF; got ${JSON.stringify(delimiter)}`,
    );
  }
  const startOffset = options.startOffset ?? 0;
  if (startOffset > 0 && options.headers === undefined) {
    throw new TypeError(
      'resuming at startOffset > 0 needs the headers of the first batch (options.headers)',
    );
  }
  return {
    delimiter: delimiter.charCodeAt(0),
    headers: options.headers,
    batchSize: positive('batchSize', options.batchSize ?? 5000),
    startOffset: atLeast('startOffset', startOffset, 0),
    startLine: positive('startLine', options.startLine ?? 1),
    maxRecordBytes: positive('maxRecordBytes', options.maxRecordBytes ?? 8 * 1024 * 1024),
    maxRawChars: positive('maxRawChars', options.maxRawChars ?? 1000),
  };
}

function positive(name: string, value: number): number {
  return atLeast(name, value, 1);
}

function atLeast(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer >= ${min}; got ${value}`);
  }
  return value;
}
