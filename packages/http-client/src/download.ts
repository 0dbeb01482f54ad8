import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Consume } from './attempt.js';
import { BodyTooLargeError } from './errors/body-too-large-error.js';
import { PassThrough } from './pass-through.js';
import type { ResponseHeaders } from './response.js';
import type { DownloadOptions } from './types.js';
import { discard } from './utils/discard.js';

export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  readonly status: number;
  readonly headers: ResponseHeaders;
}

/**
 * Streams a 2xx body into `<destination>.<random>.part` and renames it into place, so a reader
 * never sees a half-written file; a failed or oversized download leaves nothing behind.
 */
export const downloadTo =
  (destination: string, options: DownloadOptions): Consume<DownloadResult> =>
  async (response, request) => {
    const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const header = response.headers['content-length'];
    const totalBytes = typeof header === 'string' ? Number(header) : undefined;
    if (totalBytes !== undefined && totalBytes > limit) {
      discard(response.body);
      throw new BodyTooLargeError(request, limit);
    }
    const partial = `${destination}.${randomBytes(4).toString('hex')}.part`;
    let receivedBytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        receivedBytes += chunk.length;
        if (receivedBytes > limit) {
          callback(new BodyTooLargeError(request, limit));
          return;
        }
        options.onDownloadProgress?.({ receivedBytes, totalBytes });
        callback(null, chunk);
      },
    });
    const file = createWriteStream(partial);
    let fileFailed = false;
    file.on('error', () => {
      fileFailed = true;
    });
    try {
      await pipeline(response.body, meter, file);
      await rename(partial, destination);
    } catch (error) {
      await rm(partial, { force: true });
      // A disk or path error is the caller's to see as is; socket errors get classified.
      throw fileFailed ? new PassThrough(error) : error;
    }
    return {
      path: destination,
      bytes: receivedBytes,
      status: response.statusCode,
      headers: response.headers,
    };
  };
