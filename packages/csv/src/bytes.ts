/** Byte values the reader looks for; every one is ASCII, so never part of a multi-byte UTF-8 sequence. */
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;

/**
 * End of the physical line that contains `from`: the index just after its LF, CRLF or lone CR.
 * `undefined` when the terminator is not in `buf` yet (or a final CR still needs its next byte).
 * At end of input the unterminated last line ends at `buf.length`.
 */
export function lineEnd(buf: Buffer, from: number, eof: boolean): number | undefined {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (c === LF) return i + 1;
    if (c === CR) {
      if (i + 1 < buf.length) return buf[i + 1] === LF ? i + 2 : i + 1;
      return eof ? i + 1 : undefined;
    }
  }
  return eof ? buf.length : undefined;
}

/** Line breaks in `buf[from, to)`: LF, CRLF and a lone CR each count once, like an editor shows them. */
export function countLineBreaks(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === LF) n++;
    else if (c === CR && buf[i + 1] !== LF) n++;
  }
  return n;
}
