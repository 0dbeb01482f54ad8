import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { UPLOAD_ID } from './tus-protocol.js';
import type { ChunkWriter, UploadStore } from './upload-store.js';

/**
 * One file per upload, `DATA_DIR/uploads/<id>`, named by the server-generated id only: no part
 * of a client's metadata ever becomes a path.
 */
export class FsUploadStore implements UploadStore {
  constructor(private readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  private path(id: string): string {
    // Defence in depth: routes validate ids too; a store must never see `../x`.
    if (!UPLOAD_ID.test(id)) throw new Error(`invalid upload id ${JSON.stringify(id)}`);
    return join(this.dir, id);
  }

  async create(id: string): Promise<void> {
    const handle = await open(this.path(id), 'wx');
    await handle.close();
  }

  async size(id: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(id))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async truncate(id: string, size: number): Promise<void> {
    await truncate(this.path(id), size);
  }

  async openWriter(id: string, offset: number): Promise<ChunkWriter> {
    // 'r+' writes at `start` without truncating; the file must exist (created at POST).
    const stream = createWriteStream(this.path(id), { flags: 'r+', start: offset });
    let failure: Error | undefined;
    stream.on('error', (error) => {
      failure = error;
    });
    await once(stream, 'open');
    const closed = () =>
      stream.closed ? Promise.resolve() : once(stream, 'close').then(() => undefined);
    return {
      write(chunk) {
        if (failure) return Promise.reject(failure);
        if (stream.write(chunk)) return Promise.resolve();
        return new Promise<void>((resolve, reject) => {
          const settle = (error?: Error) => {
            stream.off('drain', onDrain);
            stream.off('close', onClose);
            if (error) reject(error);
            else resolve();
          };
          const onDrain = () => settle();
          const onClose = () => settle(failure ?? new Error('upload file closed'));
          stream.on('drain', onDrain);
          stream.on('close', onClose);
        });
      },
      async close() {
        if (failure) throw failure;
        stream.end();
        await closed();
        if (failure) throw failure;
      },
      async abort() {
        // end(), not destroy(): bytes already handed to the stream are written, so the file's
        // size afterwards is exactly what was received (the caller decides what to keep).
        if (!stream.destroyed) stream.end();
        await closed();
      },
    };
  }

  read(id: string, range?: { start: number; end: number }): Readable {
    const options = { highWaterMark: 1024 * 1024 };
    if (!range) return createReadStream(this.path(id), options);
    if (range.end <= range.start) return Readable.from([]);
    return createReadStream(this.path(id), { ...options, start: range.start, end: range.end - 1 });
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }
}
