import { isAscii } from 'node:buffer';
import { CR, LF } from './bytes.js';
import { readQuotedText } from './quoted-text.js';

/**
 * Text mode: whole lines of a buffer that are valid UTF-8, held as one Latin-1 string, so a
 * char index is a byte index and offsets need no bookkeeping. Plain lines are cut with
 * `indexOf`; a plain line with non-ASCII bytes is decoded as UTF-8 on its own; well-formed
 * quoted records of ASCII go through `readQuotedText`. Anything doubtful (rejects, lone CR,
 * non-ASCII inside quotes) is left to the tokenizer's byte path, which decides every reject.
 */
export class TextRegion {
  /** Buffer index where the region ends: after its last LF, or at end of input. */
  readonly end: number;
  /** After a successful `read`: where the next record starts, and the line breaks consumed. */
  next = 0;
  breaks = 0;

  private readonly text: string;
  private readonly atEof: boolean;
  // Next LF / CR / quote / delimiter / byte >= 0x80 at or after the last position asked
  // (`end` when none). Positions only grow, so each is found once per region.
  private lf = -1;
  private cr = -1;
  private quote = -1;
  private delimiterAt = -1;
  private high: number;

  constructor(
    private readonly buf: Buffer,
    end: number,
    atEof: boolean,
    private readonly delimiter: number,
    private readonly delimiterText: string,
  ) {
    this.end = end;
    this.atEof = atEof;
    this.text = buf.toString('latin1', 0, end);
    // Most exports are pure ASCII: then no line needs the non-ASCII scan.
    this.high = isAscii(buf.subarray(0, end)) ? end : -1;
  }

  /**
   * The record at buffer index `s` (`s < end`): its values, `null` for an empty line, or
   * `undefined` when the byte path must take it.
   */
  read(s: number): string[] | null | undefined {
    const text = this.text;
    const len = this.end;
    const first = text.charCodeAt(s);
    if (first === LF || first === CR) {
      if (first === CR && text.charCodeAt(s + 1) !== LF) return undefined;
      this.next = s + (first === CR ? 2 : 1);
      this.breaks = 1;
      return null;
    }
    let lf = this.lf;
    if (lf < s) lf = this.lf = indexIn(text, '\n', s);
    let quote = this.quote;
    if (quote < s) quote = this.quote = indexIn(text, '"', s);
    let high = this.high;
    if (high < s) high = this.high = indexOfNonAscii(text, s);
    if (quote < lf) {
      if (high < lf) return undefined;
      const r = readQuotedText(text, s, this.atEof, this.delimiter);
      if (!r || high < r.end) return undefined;
      this.next = r.end;
      this.breaks = r.breaks;
      return r.values;
    }
    let cr = this.cr;
    if (cr < s) cr = this.cr = indexIn(text, '\r', s);
    let contentEnd = lf;
    if (cr < lf) {
      if (cr !== lf - 1 || lf === len) return undefined;
      contentEnd = cr;
    }
    if (lf < len) {
      this.next = lf + 1;
      this.breaks = 1;
    } else if (this.atEof) {
      this.next = len;
      this.breaks = 0;
    } else {
      return undefined;
    }
    return high < contentEnd
      ? this.buf.toString('utf8', s, contentEnd).split(this.delimiterText)
      : this.split(s, contentEnd);
  }

  /**
   * `text.slice(from, to).split(delimiter)` without the intermediate line string: about twice
   * as fast on 6-column lines (measured while building bench/csv-parse). The next delimiter is
   * kept across lines, so a file with one column is not scanned again per line.
   */
  private split(from: number, to: number): string[] {
    const text = this.text;
    const values: string[] = [];
    let start = from;
    let at = this.delimiterAt;
    if (at < from) at = indexIn(text, this.delimiterText, from);
    while (at < to) {
      values.push(text.slice(start, at));
      start = at + 1;
      at = indexIn(text, this.delimiterText, start);
    }
    this.delimiterAt = at;
    values.push(text.slice(start, to));
    return values;
  }
}

function indexIn(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i === -1 ? text.length : i;
}

const NON_ASCII = /[\x80-\xff]/g;

function indexOfNonAscii(text: string, from: number): number {
  NON_ASCII.lastIndex = from;
  return NON_ASCII.exec(text)?.index ?? text.length;
}
