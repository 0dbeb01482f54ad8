import type { Readable } from 'node:stream';

/**
 * Where upload bytes live. Filesystem first (FsUploadStore, under DATA_DIR/uploads); an
 * S3-compatible store can implement the same calls later (multipart parts for `openWriter`).
 * Ids reaching a store are already validated; stores check again before touching storage.
 */
export interface UploadStore {
  /** Creates an empty upload (fails if it exists). */
  create(id: string): Promise<void>;
  /** Bytes stored, or undefined when the upload has no data. */
  size(id: string): Promise<number | undefined>;
  /** Drops every byte past `size` (a discarded chunk, or bytes written before a crash). */
  truncate(id: string, size: number): Promise<void>;
  /** A writer that appends at `offset`, with backpressure. */
  openWriter(id: string, offset: number): Promise<ChunkWriter>;
  /** The bytes `[start, end)` (all when omitted). */
  read(id: string, range?: { start: number; end: number }): Readable;
  /** Deletes the upload's bytes; missing is fine. */
  remove(id: string): Promise<void>;
}

export interface ChunkWriter {
  /** Resolves when the writer can take more (the caller reads the request no faster). */
  write(chunk: Buffer): Promise<void>;
  /** Flushes and closes; rejects if any write failed. */
  close(): Promise<void>;
  /** Closes after an error; what reached storage stays there for the caller to truncate. */
  abort(): Promise<void>;
}
