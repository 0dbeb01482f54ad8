import { Readable } from 'node:stream';
import { encodeMultipart } from './multipart.js';
import type { RequestBody, RequestOptions, UploadProgress } from './types.js';

/** What undici's `request()` accepts as a body (its types omit async iterables: wrap those). */
export type DispatchBody = string | Uint8Array | Readable | undefined;

export interface PreparedBody {
  readonly contentType: string | undefined;
  readonly length: number | undefined;
  /** The bytes when in memory, for signing hooks and logs. */
  readonly inMemory: string | Uint8Array | undefined;
  /** Whether `open()` can be called again for a retry (streams are consumed by the first try). */
  readonly replayable: boolean;
  open(): DispatchBody;
}

const EMPTY: PreparedBody = {
  contentType: undefined,
  length: undefined,
  inMemory: undefined,
  replayable: true,
  open: () => undefined,
};

const inMemory = (value: string | Uint8Array, contentType: string | undefined): PreparedBody => ({
  contentType,
  length: typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength,
  inMemory: value,
  replayable: true,
  open: () => value,
});

const fromBody = (body: RequestBody): PreparedBody => {
  if (typeof body === 'string') return inMemory(body, 'text/plain;charset=UTF-8');
  if (body instanceof Uint8Array) return inMemory(body, undefined);
  if (body instanceof URLSearchParams) {
    return inMemory(body.toString(), 'application/x-www-form-urlencoded;charset=UTF-8');
  }
  if (body instanceof FormData) {
    const encoded = encodeMultipart(body);
    return {
      contentType: encoded.contentType,
      length: encoded.length,
      inMemory: undefined,
      replayable: true,
      open: () => Readable.from(encoded.body(), { objectMode: false }),
    };
  }
  let opened = false;
  return {
    contentType: undefined,
    length: undefined,
    inMemory: undefined,
    replayable: false,
    open: () => {
      if (opened) throw new Error('A stream body cannot be sent twice');
      opened = true;
      return body instanceof Readable ? body : Readable.from(body, { objectMode: false });
    },
  };
};

export const prepareBody = (options: RequestOptions): PreparedBody => {
  if (options.json !== undefined) {
    return inMemory(JSON.stringify(options.json), 'application/json');
  }
  return options.body === undefined ? EMPTY : fromBody(options.body);
};

/** Counts bytes as undici pulls them from the body, so progress reflects what left the process. */
export const withUploadProgress = (
  body: DispatchBody,
  totalBytes: number | undefined,
  onProgress: (progress: UploadProgress) => void,
): DispatchBody => {
  if (body === undefined) return body;
  const source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string> =
    typeof body === 'string' || body instanceof Uint8Array ? [body] : body;
  async function* counted() {
    let sentBytes = 0;
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      yield bytes;
      sentBytes += bytes.byteLength;
      onProgress({ sentBytes, totalBytes });
    }
  }
  return Readable.from(counted(), { objectMode: false });
};
