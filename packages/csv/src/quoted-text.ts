const QUOTE = 34;
const LF = 10;
const CR = 13;
const DOUBLED_QUOTE = /""/g;

/**
 * The fast twin of `readQuotedRecord`, over the Latin-1 text of an ASCII stretch: it reads only
 * well-formed records that end inside `text` (with LF or CRLF, or at `text`'s end when that is
 * the end of input), and answers `undefined` for anything else, which then goes through the byte
 * path. So it never has to decide a reject itself and cannot disagree with the byte path.
 */
export function readQuotedText(
  text: string,
  start: number,
  atEof: boolean,
  delimiter: number,
): { values: string[]; end: number; breaks: number } | undefined {
  const len = text.length;
  const values: string[] = [];
  let breaks = 0;
  let p = start;
  for (;;) {
    let c: number;
    if (text.charCodeAt(p) === QUOTE) {
      let i = p + 1;
      let doubled = false;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) return undefined;
        if (text.charCodeAt(q + 1) === QUOTE) {
          doubled = true;
          i = q + 2;
          continue;
        }
        i = q;
        break;
      }
      const inner = text.slice(p + 1, i);
      if (inner.includes('\r') || inner.includes('\n')) breaks += countBreaks(inner);
      values.push(doubled ? inner.replace(DOUBLED_QUOTE, '"') : inner);
      p = i + 1;
      c = p < len ? text.charCodeAt(p) : -1;
    } else {
      let i = p;
      for (; i < len; i++) {
        c = text.charCodeAt(i);
        if (c === delimiter || c === LF || c === CR || c === QUOTE) break;
      }
      c = i < len ? text.charCodeAt(i) : -1;
      if (c === QUOTE) return undefined;
      values.push(text.slice(p, i));
      p = i;
    }
    if (c === delimiter) {
      p++;
      continue;
    }
    if (c === -1) return atEof ? { values, end: len, breaks } : undefined;
    if (c === LF) return { values, end: p + 1, breaks: breaks + 1 };
    // A CR must be followed by LF here; a lone CR (or text after a closing quote) goes the byte way.
    if (c === CR && text.charCodeAt(p + 1) === LF)
      return { values, end: p + 2, breaks: breaks + 1 };
    return undefined;
  }
}

function countBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}
