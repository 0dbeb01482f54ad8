import { randomBytes } from 'node:crypto';

/**
 * Encodes FormData as multipart/form-data (RFC 7578) lazily: file parts are read from their Blob
 * stream chunk by chunk, so a file from `fs.openAsBlob()` is never held in memory. Knowing every
 * part's size up front lets us send a Content-Length, which many upload endpoints require.
 */
export interface EncodedMultipart {
  readonly contentType: string;
  readonly length: number;
  body(): AsyncIterable<Uint8Array>;
}

const CRLF = '\r\n';

// WHATWG HTML "multipart/form-data encoding algorithm": escape CR, LF and quote in names.
const escapeName = (name: string): string =>
  name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

type Part = { readonly head: Buffer; readonly value: Buffer | Blob };

export const encodeMultipart = (form: FormData): EncodedMultipart => {
  const boundary = `----intake-${randomBytes(12).toString('hex')}`;
  const parts: Part[] = [];
  for (const [name, value] of form) {
    let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeName(name)}"`;
    if (typeof value === 'string') {
      head += `${CRLF}${CRLF}`;
      parts.push({ head: Buffer.from(head), value: Buffer.from(value) });
    } else {
      const type = value.type || 'application/octet-stream';
      head += `; filename="${escapeName(value.name)}"${CRLF}Content-Type: ${type}${CRLF}${CRLF}`;
      parts.push({ head: Buffer.from(head), value });
    }
  }
  const tail = Buffer.from(`--${boundary}--${CRLF}`);
  const crlf = Buffer.from(CRLF);
  let length = tail.length;
  for (const part of parts) {
    const size = Buffer.isBuffer(part.value) ? part.value.length : part.value.size;
    length += part.head.length + size + crlf.length;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    async *body() {
      for (const part of parts) {
        yield part.head;
        if (Buffer.isBuffer(part.value)) {
          yield part.value;
        } else {
          for await (const chunk of part.value.stream()) {
            yield chunk;
          }
        }
        yield crlf;
      }
      yield tail;
    },
  };
};
