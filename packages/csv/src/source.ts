import type { CsvSource } from './types.js';

/**
 * The source's chunks as Buffers (a view, no copy). A string chunk means someone decoded the
 * stream (`setEncoding`), and byte offsets would be lost, so it is refused.
 */
export async function* byteChunks(source: CsvSource): AsyncGenerator<Buffer> {
  for await (const chunk of source as AsyncIterable<unknown>) {
    if (Buffer.isBuffer(chunk)) yield chunk;
    else if (chunk instanceof Uint8Array)
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else
      throw new TypeError(
        'the CSV source must yield bytes (Uint8Array); do not call setEncoding on it',
      );
  }
}
