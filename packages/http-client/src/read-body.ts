import type { Readable } from 'node:stream';
import { BodyTooLargeError } from './errors/body-too-large-error.js';
import type { RequestContext } from './errors/http-client-error.js';
import { discard } from './utils/discard.js';

interface BufferableBody extends Readable {
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
}

/** JSON and text bodies are decoded straight from undici's chunks, skipping a Buffer view. */
export const isTextual = (contentType: string | string[] | undefined): boolean =>
  typeof contentType === 'string' && /^(text\/|application\/([\w.+-]*\+)?json)/i.test(contentType);

const declaredLength = (header: string | string[] | undefined): number | undefined => {
  if (typeof header !== 'string') return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
};

const toBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Reads a whole response body, refusing (and destroying the stream) past `limit` bytes. Not an
 * async function on purpose: the common sized-body path is one promise, not two.
 */
export const readBody = (
  body: BufferableBody,
  contentLength: string | string[] | undefined,
  asText: boolean,
  limit: number,
  request: RequestContext,
): Promise<Buffer | string> => {
  const declared = declaredLength(contentLength);
  if (declared === undefined) {
    const buffer = readUnsized(body, limit, request);
    return asText ? buffer.then((bytes) => bytes.toString('utf8')) : buffer;
  }
  if (declared > limit) {
    discard(body);
    return Promise.reject(new BodyTooLargeError(request, limit));
  }
  // undici enforces Content-Length itself, so the fast whole-body read is safe here.
  return asText ? body.text() : body.bytes().then(toBuffer);
};

const readUnsized = async (
  body: BufferableBody,
  limit: number,
  request: RequestContext,
): Promise<Buffer> => {
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
