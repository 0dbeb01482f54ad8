/** One accepted record: its values in header order, and where it starts in the file. */
export interface CsvRecord {
  /** 1-based physical line on which the record starts (embedded newlines count as lines). */
  line: number;
  values: string[];
}

/** A record that could not be read; the import reports it and goes on. */
export interface CsvReject {
  /** 1-based physical line on which the rejected record starts. */
  line: number;
  /** A sentence for a person, starting with `line N:`. */
  message: string;
  /** The record's text (invalid bytes shown as U+FFFD), cut at `maxRawChars`. */
  raw: string;
}

export interface CsvBatch {
  /** Column names from the header row (or from `options.headers` when resuming). */
  headers: readonly string[];
  records: CsvRecord[];
  rejects: CsvReject[];
  /**
   * Absolute byte offset just after the last record or reject of this batch (after its line
   * terminator). Reading again from here (`startOffset`) yields exactly the later records.
   */
  endOffset: number;
  /** The physical line at `endOffset` (pass it back as `startLine` when resuming). */
  endLine: number;
}

export interface CsvHeader {
  headers: readonly string[];
  /** Byte offset just after the header row: where the first data record may start. */
  endOffset: number;
  /** The physical line at `endOffset`. */
  endLine: number;
}

export interface ReadCsvOptions {
  /** One ASCII character other than `"`, CR or LF. Default `,`; `\t` for TSV, `;` for Excel in many locales. */
  delimiter?: string;
  /**
   * Column names when they are not read from the file: required when `startOffset > 0`, because
   * the header row lies before the resume point.
   */
  headers?: readonly string[];
  /** Records plus rejects per batch. Default 5000. */
  batchSize?: number;
  /** Absolute byte offset of the first byte the source yields (a previous batch's `endOffset`). */
  startOffset?: number;
  /** Physical line at `startOffset` (a previous batch's `endLine`). Default 1. */
  startLine?: number;
  /** A record longer than this is rejected as an unclosed quote. Default 8 MiB; bounds memory. */
  maxRecordBytes?: number;
  /** `raw` of a reject is cut to this many characters. Default 1000. */
  maxRawChars?: number;
}

/** What a chunked byte source may be: a Node readable (no `setEncoding`) or any async iterable of bytes. */
export type CsvSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;
