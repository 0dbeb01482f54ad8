import { isUtf8 } from 'node:buffer';
import { CR, countLineBreaks, LF, lineEnd, QUOTE } from './bytes.js';
import { readQuotedRecord } from './quoted-record.js';
import { TextRegion } from './text-region.js';
import type { CsvRecord, CsvReject } from './types.js';
import { firstInvalidUtf8 } from './utf8.js';

/**
 * One step of the tokenizer, told apart by `'message' in item`; `CsvTokenizer.offset` is just
 * after it once it is returned. Records are the very objects that end up in a batch.
 */
export type CsvItem = CsvRecord | CsvReject;

export interface TokenizerOptions {
  delimiter: number;
  startOffset: number;
  startLine: number;
  maxRecordBytes: number;
  maxRawChars: number;
}

const BOM = [0xef, 0xbb, 0xbf];
const NEED_MORE = 0;
const AGAIN = 1;
const TRAILING_TERMINATOR = /\r\n$|[\r\n]$/;

/**
 * Turns pushed byte chunks into records and rejects. Holds only the unfinished record (at most
 * `maxRecordBytes` plus one chunk). Two paths over the same rules:
 * - text mode (`textStep`): whole lines of a merged buffer that are valid UTF-8, as one Latin-1
 *   string; plain lines are cut with `indexOf` + `split`, well-formed quoted ones by
 *   `readQuotedText`. Anything doubtful goes to
 * - the byte path (`byteStep`, `readQuotedRecord`), which decides every reject.
 * Every decision depends on the bytes alone, so any chunking gives the same items and offsets
 * (test/read-csv-chunking.test.ts checks it).
 */
export class CsvTokenizer {
  /** Columns every record must have; unset while reading the header row. */
  expectedColumns: number | undefined;
  /** Physical line of the next byte to read. */
  line: number;

  private readonly o: TokenizerOptions;
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of `buf[0]`. */
  private bufOffset: number;
  private pos = 0;
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private pendingHasTerminator = false;
  private ended = false;
  private bomChecked: boolean;
  /** Unread bytes when the last attempt needed more: the next attempt waits for twice as many. */
  private lastShortfall = 0;
  /** `buf[pos, validEnd)` is known to be UTF-8, so records inside it skip their own check. */
  private validEnd = 0;
  // Next LF / CR / quote at or after `pos` (`buf.length` when none); reset when `buf` changes.
  private nextLf = -1;
  private nextCr = -1;
  private nextQuote = -1;
  /** Text mode over the whole lines at the start of `buf`, while `pos` is inside it. */
  private region: TextRegion | undefined;
  private readonly delimiterText: string;
  /** A line longer than `maxRecordBytes` is being skipped; its reject waits for the line's end. */
  private skipping: { line: number; message: string; raw: string } | undefined;

  constructor(options: TokenizerOptions) {
    this.o = options;
    this.bufOffset = options.startOffset;
    this.line = options.startLine;
    // A BOM can only be at the very start of the file.
    this.bomChecked = options.startOffset !== 0;
    this.delimiterText = String.fromCharCode(options.delimiter);
  }

  /** Absolute byte offset of the next unread byte: just after the last item returned. */
  get offset(): number {
    return this.bufOffset + this.pos;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingLen += chunk.length;
    if (!this.pendingHasTerminator && (chunk.includes(LF) || chunk.includes(CR))) {
      this.pendingHasTerminator = true;
    }
  }

  end(): void {
    this.ended = true;
  }

  /** The next item, or `undefined` when more input is needed (or, after `end()`, when done). */
  next(): CsvItem | undefined {
    for (;;) {
      const step = this.step();
      if (typeof step === 'object') return step;
      if (step === NEED_MORE && !this.merge()) return undefined;
    }
  }

  private get eof(): boolean {
    return this.ended && this.pendingLen === 0;
  }

  /** Moves pending chunks into `buf` when an attempt could now get further. */
  private merge(): boolean {
    if (this.pendingLen === 0) return false;
    const unread = this.buf.length - this.pos + this.pendingLen;
    const worthIt =
      this.ended ||
      unread > this.o.maxRecordBytes ||
      (this.pendingHasTerminator && unread >= 2 * this.lastShortfall);
    if (!worthIt) return false;
    const parts =
      this.pos < this.buf.length ? [this.buf.subarray(this.pos), ...this.pending] : this.pending;
    this.buf = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
    this.bufOffset += this.pos;
    this.pos = 0;
    this.pending = [];
    this.pendingLen = 0;
    this.pendingHasTerminator = false;
    this.nextLf = -1;
    this.nextCr = -1;
    this.nextQuote = -1;
    // One validation per merge instead of one per record; it covers whole lines only, so no
    // multi-byte sequence is cut.
    const buf = this.buf;
    const covered = this.ended
      ? buf.length
      : Math.max(buf.lastIndexOf(LF), buf.lastIndexOf(CR)) + 1;
    this.validEnd = covered > 0 && isUtf8(buf.subarray(0, covered)) ? covered : 0;
    // Text mode needs valid UTF-8 and whole lines; capped at maxRecordBytes so no record inside
    // can be too long (a bigger chunk is read in text mode up to there, then by bytes).
    const cap = Math.min(buf.length, this.o.maxRecordBytes);
    const atEof = this.ended && cap === buf.length;
    const regionEnd = atEof ? cap : buf.lastIndexOf(LF, cap - 1) + 1;
    if (regionEnd > 0 && regionEnd <= this.validEnd && !this.skipping) {
      this.region = new TextRegion(buf, regionEnd, atEof, this.o.delimiter, this.delimiterText);
    }
    return true;
  }

  private step(): CsvItem | typeof NEED_MORE | typeof AGAIN {
    const region = this.region;
    if (region) {
      const s = this.pos;
      if (s >= region.end) {
        this.region = undefined;
      } else if (this.bomChecked) {
        const values = region.read(s);
        if (values === null) {
          this.pos = region.next;
          this.line++;
          return AGAIN;
        }
        const expected = this.expectedColumns;
        if (values && (expected === undefined || values.length === expected)) {
          const line = this.line;
          this.line += region.breaks;
          this.pos = region.next;
          this.lastShortfall = 0;
          return { line, values };
        }
      }
    }
    // Everything text mode leaves (rejects included) is decided here, from the bytes.
    const r = this.byteStep();
    if (this.region && (r === NEED_MORE || this.skipping || this.pos > this.region.end)) {
      this.region = undefined;
    }
    return r;
  }

  private byteStep(): CsvItem | typeof NEED_MORE | typeof AGAIN {
    const buf = this.buf;
    const len = buf.length;
    const s = this.pos;
    const eof = this.eof;
    if (this.skipping) return this.skipLine();
    if (!this.bomChecked) {
      const have = Math.min(len - s, 3);
      const prefix = BOM.every((b, i) => i >= have || buf[s + i] === b);
      if (prefix && have < 3 && !eof) return NEED_MORE;
      this.bomChecked = true;
      if (prefix && have === 3) this.pos += 3;
      return AGAIN;
    }
    if (s >= len) return NEED_MORE;
    const first = buf[s];
    // Empty lines are skipped: they carry no record, and spreadsheets often leave some at the end.
    if (first === LF || first === CR) {
      const end = lineEnd(buf, s, eof);
      if (end === undefined) return NEED_MORE;
      this.pos = end;
      this.line++;
      return AGAIN;
    }
    let lf = this.nextLf;
    if (lf < s) lf = this.nextLf = indexOrLength(buf, LF, s);
    let cr = this.nextCr;
    if (cr < s) cr = this.nextCr = indexOrLength(buf, CR, s);
    let quote = this.nextQuote;
    if (quote < s) quote = this.nextQuote = indexOrLength(buf, QUOTE, s);

    let contentEnd: number;
    let end: number;
    if (cr < lf) {
      contentEnd = cr;
      if (cr + 1 < len) end = cr + 1 === lf ? lf + 1 : cr + 1;
      else if (eof) end = len;
      else return this.short(s);
    } else if (lf < len) {
      contentEnd = lf;
      end = lf + 1;
    } else if (eof) {
      contentEnd = len;
      end = len;
    } else {
      // No terminator yet; a quote before here may still make this a quoted record.
      return this.short(s);
    }
    if (quote < contentEnd) return this.quoted(s);
    if (end - s > this.o.maxRecordBytes) return this.tooLong(s);
    const line = this.line;
    this.line += end > contentEnd ? 1 : 0;
    this.pos = end;
    this.lastShortfall = 0;
    if (end > this.validEnd && !isUtf8(buf.subarray(s, contentEnd))) {
      return this.invalidUtf8(line, s, contentEnd, end);
    }
    const text = buf.toString('utf8', s, contentEnd);
    const values = text.split(String.fromCharCode(this.o.delimiter));
    return this.checked(line, values, s, contentEnd);
  }

  private quoted(s: number): CsvItem | typeof NEED_MORE | typeof AGAIN {
    const buf = this.buf;
    const r = readQuotedRecord(buf, s, this.eof, this.o.delimiter);
    if (r.kind === 'need-more') return this.short(s);
    if (r.kind === 'unterminated') {
      return this.resync(
        s,
        `the quote that opens column ${r.column} is never closed; reading went on from the next line`,
      );
    }
    if (r.end - s > this.o.maxRecordBytes) return this.tooLong(s);
    const line = this.line;
    this.line += countLineBreaks(buf, s, r.end);
    this.pos = r.end;
    this.lastShortfall = 0;
    const contentEnd = withoutTerminator(buf, r.end);
    if (r.kind === 'malformed') return this.reject(line, r.problem, s, r.end);
    if (r.end > this.validEnd && !isUtf8(buf.subarray(s, contentEnd))) {
      return this.invalidUtf8(line, s, contentEnd, r.end);
    }
    return this.checked(line, r.values, s, contentEnd);
  }

  private checked(line: number, values: string[], s: number, contentEnd: number): CsvItem {
    const expected = this.expectedColumns;
    if (expected === undefined || values.length === expected) {
      return { line, values };
    }
    return this.reject(
      line,
      `expected ${expected} columns, found ${values.length}`,
      s,
      Math.max(contentEnd, s),
    );
  }

  private invalidUtf8(line: number, s: number, contentEnd: number, end: number): CsvItem {
    const at = firstInvalidUtf8(this.buf, s, contentEnd);
    const byte = (this.buf[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return this.reject(
      line,
      `invalid UTF-8 byte 0x${byte} at byte offset ${this.bufOffset + at}; save the file as UTF-8 (it may be Latin-1 or Windows-1252)`,
      s,
      end,
    );
  }

  private reject(line: number, problem: string, s: number, end: number): CsvItem {
    return {
      line,
      message: `line ${line}: ${problem}`,
      raw: this.raw(s, end),
    };
  }

  /** Decoded record text without its terminator, cut to `maxRawChars`. */
  private raw(s: number, end: number): string {
    const cap = Math.min(end, s + this.rawByteCap());
    const text = this.buf.toString('utf8', s, cap).replace(TRAILING_TERMINATOR, '');
    return text.length > this.o.maxRawChars ? text.slice(0, this.o.maxRawChars) : text;
  }

  /** Never more than `maxRecordBytes`, so a too-long record's raw text is always in the buffer. */
  private rawByteCap(): number {
    return Math.min(this.o.maxRawChars * 4, this.o.maxRecordBytes);
  }

  /** The record is not complete in `buf`: wait, unless it is already too long to ever be accepted. */
  private short(s: number): typeof NEED_MORE | CsvItem | typeof AGAIN {
    // The record ends at or after `buf.length`, so past `maxRecordBytes` it is too long whatever follows.
    if (this.buf.length - s > this.o.maxRecordBytes) return this.tooLong(s);
    this.lastShortfall = this.buf.length - s;
    return NEED_MORE;
  }

  /**
   * Rejects a record that does not end within `maxRecordBytes`. Whether it is inside a quoted
   * field is read from exactly the first `maxRecordBytes` bytes, so the message does not depend
   * on how much happened to be buffered.
   */
  private tooLong(s: number): CsvItem | typeof NEED_MORE | typeof AGAIN {
    const limit = this.o.maxRecordBytes;
    const head = readQuotedRecord(this.buf.subarray(0, s + limit), s, false, this.o.delimiter);
    const why =
      head.kind === 'need-more' && head.column !== undefined
        ? `the quote that opens column ${head.column} is not closed within ${limit} bytes`
        : `the record is longer than ${limit} bytes`;
    return this.resync(s, `${why}; reading went on from the next line`);
  }

  /**
   * Rejects the record starting at `s` and goes on at the next physical line: after an unclosed
   * quote that loses one line instead of the rest of the file.
   */
  private resync(s: number, problem: string): CsvItem | typeof NEED_MORE | typeof AGAIN {
    const line = this.line;
    const end = lineEnd(this.buf, s, this.eof);
    const message = `line ${line}: ${problem}`;
    if (end === undefined) {
      // The first line itself is longer than the buffer may grow: drop it as it streams past.
      this.skipping = { line, message, raw: this.raw(s, this.buf.length) };
      this.pos = Math.max(s, this.buf.length - 1);
      this.lastShortfall = 0;
      return AGAIN;
    }
    this.line++;
    this.pos = end;
    this.lastShortfall = 0;
    return { line, message, raw: this.raw(s, end) };
  }

  private skipLine(): CsvItem | typeof NEED_MORE {
    const skipping = this.skipping;
    if (!skipping) return NEED_MORE;
    const end = lineEnd(this.buf, this.pos, this.eof);
    if (end === undefined) {
      // Keep only a final CR: it may be the first half of a CRLF.
      this.pos = this.buf[this.buf.length - 1] === CR ? this.buf.length - 1 : this.buf.length;
      return NEED_MORE;
    }
    this.skipping = undefined;
    this.line++;
    this.pos = end;
    this.lastShortfall = 0;
    return { ...skipping };
  }
}

function indexOrLength(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i === -1 ? buf.length : i;
}

/** Where the record that ends at `end` stops, before its LF, CRLF or lone CR. */
function withoutTerminator(buf: Buffer, end: number): number {
  const last = buf[end - 1];
  if (last === LF) return buf[end - 2] === CR ? end - 2 : end - 1;
  return last === CR ? end - 1 : end;
}
