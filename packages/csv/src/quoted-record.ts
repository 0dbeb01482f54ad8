import { CR, LF, lineEnd, QUOTE } from './bytes.js';

/** The outcome of reading one record that contains a quote somewhere. */
export type QuotedRecordResult =
  /** A whole record: `end` is just after its terminator (or the end of input). */
  | { kind: 'record'; values: string[]; end: number }
  /** Broken quoting: the record, as far as the end of the line where it broke, is rejected. */
  | { kind: 'malformed'; problem: string; end: number }
  /** End of input inside a quoted field that opened in `column`. */
  | { kind: 'unterminated'; column: number }
  /** Not decidable without more bytes; `column` is set while inside a quoted field. */
  | { kind: 'need-more'; column: number | undefined };

const DOUBLED_QUOTE = /""/g;

/**
 * Reads the record that starts at `start` with the RFC 4180 rules
 * (https://www.rfc-editor.org/rfc/rfc4180#section-2): a field in quotes may hold the delimiter,
 * CR, LF and doubled quotes; a quote anywhere else is an error. Runs from the record start on
 * every attempt, so the answer depends only on the bytes, never on how they were chunked.
 */
export function readQuotedRecord(
  buf: Buffer,
  start: number,
  eof: boolean,
  delimiter: number,
): QuotedRecordResult {
  const len = buf.length;
  const values: string[] = [];
  let p = start;
  for (;;) {
    if (p < len && buf[p] === QUOTE) {
      let i = p + 1;
      let doubled = false;
      for (;;) {
        if (i >= len) {
          const column = values.length + 1;
          return eof ? { kind: 'unterminated', column } : { kind: 'need-more', column };
        }
        if (buf[i] === QUOTE) {
          if (i + 1 >= len && !eof) return { kind: 'need-more', column: values.length + 1 };
          if (buf[i + 1] !== QUOTE) break;
          doubled = true;
          i += 2;
        } else {
          i++;
        }
      }
      const text = buf.toString('utf8', p + 1, i);
      values.push(doubled ? text.replace(DOUBLED_QUOTE, '"') : text);
      p = i + 1;
      if (p >= len) {
        if (!eof) return { kind: 'need-more', column: undefined };
        return { kind: 'record', values, end: len };
      }
      const c = buf[p];
      if (c === delimiter) {
        p++;
        continue;
      }
      if (c !== LF && c !== CR) {
        return malformed(
          buf,
          p,
          eof,
          `column ${values.length} has text after its closing quote; a quote inside a quoted field must be doubled ("")`,
        );
      }
    } else {
      let i = p;
      while (i < len) {
        const c = buf[i];
        if (c === delimiter || c === LF || c === CR || c === QUOTE) break;
        i++;
      }
      if (buf[i] === QUOTE) {
        return malformed(
          buf,
          i,
          eof,
          `column ${values.length + 1} has a quote but does not start with one; quote the whole field and double the inner quote ("")`,
        );
      }
      values.push(buf.toString('utf8', p, i));
      if (i >= len) {
        if (!eof) return { kind: 'need-more', column: undefined };
        return { kind: 'record', values, end: len };
      }
      if (buf[i] === delimiter) {
        p = i + 1;
        continue;
      }
      p = i;
    }
    // buf[p] is CR or LF: the record ends with its terminator.
    const end = lineEnd(buf, p, eof);
    return end === undefined
      ? { kind: 'need-more', column: undefined }
      : { kind: 'record', values, end };
  }
}

function malformed(buf: Buffer, at: number, eof: boolean, problem: string): QuotedRecordResult {
  const end = lineEnd(buf, at, eof);
  return end === undefined
    ? { kind: 'need-more', column: undefined }
    : { kind: 'malformed', problem, end };
}
