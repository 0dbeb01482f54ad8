/**
 * The header row cannot be read (broken quoting, invalid UTF-8): without column names no record
 * can be checked, so the whole read fails instead of rejecting row by row.
 */
export class CsvHeaderError extends Error {
  readonly code = 'CSV_HEADER_INVALID';
  readonly line: number;

  constructor(message: string, line: number) {
    super(`header row unreadable: ${message}`);
    this.name = 'CsvHeaderError';
    this.line = line;
  }
}
