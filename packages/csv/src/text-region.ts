/**
 * A stretch of the buffer that is known to be valid UTF-8, decoded once, so plain records are
 * cut with string `indexOf` + `split` instead of one decode per record. Byte offsets are only
 * needed at batch ends and when a record falls back to the byte path, so they are computed on
 * demand from the last known (char, byte) pair.
 */
export class TextRegion {
  readonly text: string;
  /** Buffer index where the region ends (just after its last LF, or at end of input). */
  readonly byteEnd: number;
  /** Next record's start, in UTF-16 units of `text`. */
  charPos = 0;
  private readonly ascii: boolean;
  private syncChar = 0;
  private syncByte: number;

  constructor(buf: Buffer, byteStart: number, byteEnd: number) {
    this.text = buf.toString('utf8', byteStart, byteEnd);
    this.byteEnd = byteEnd;
    this.syncByte = byteStart;
    this.ascii = this.text.length === byteEnd - byteStart;
  }

  /** Buffer index of `char`, which must not be before the last one asked for. */
  byteAt(char: number): number {
    if (this.ascii) return this.syncByte + (char - this.syncChar);
    this.syncByte += Buffer.byteLength(this.text.slice(this.syncChar, char));
    this.syncChar = char;
    return this.syncByte;
  }

  /**
   * The byte path read from `byteAt(charPos)` to `toByte`, which decodes to `decodedLength`
   * chars: continue after it.
   */
  skipDecoded(toByte: number, decodedLength: number): void {
    this.charPos += decodedLength;
    this.syncChar = this.charPos;
    this.syncByte = toByte;
  }
}
