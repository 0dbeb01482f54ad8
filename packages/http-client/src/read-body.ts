import type { Readable } from 'node:stream';
import { BodyTooLargeError } from './errors/body-too-large-error.js';
import type { RequestContext } from './errors/http-client-error.js';
import { discard } from './utils/discard.js';

interface BufferableBody extends Readable {
  bytes(): Promise<Uint8Array>;
}

const declaredLength = (header: string | string[] | undefined): number | undefined => {
  if (typeof header !== 'string') return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
};

/** Reads a whole response body, refusing (and destroying the stream) past `limit` bytes. */
export const readBody = async (
  body: BufferableBody,
  contentLength: string | string[] | undefined,
  limit: number,
  request: RequestContext,
): Promise<Buffer> => {
  const declared = declaredLength(contentLength);
  if (declared !== undefined) {
    if (declared > limit) {
      discard(body);
      throw new BodyTooLargeError(request, limit);
    }
    // undici enforces Content-Length itself, so the fast whole-body read is safe here.
    const bytes = await body.bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      discard(body);
      throw new BodyTooLargeError(request, limit);
    }
    chunks.push(buffer);
  }
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
};

/** First bytes of an error body as text, for messages; the rest is drained or destroyed. */
export const readSnippet = async (body: Readable, maxBytes = 2_048): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      if (size < maxBytes) chunks.push(buffer);
      size += buffer.length;
      // Error bodies past 64 KiB are not worth keeping the socket for.
      if (size > 65_536) {
        discard(body);
        break;
      }
    }
  } catch {
    // A broken error body must not hide the status; the snippet is best effort.
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
};
