import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigests {
  md5: string;
  sha256: string;
}

/**
 * MD5 and SHA-256 (hex) of a whole file in one read, before the upload starts. Not teed off the
 * upload stream: tus metadata is sent with the creation request, before any byte, and a resumed
 * upload never re-reads the part already sent. A first pass costs one sequential read (the page
 * cache then serves the upload) and is skipped entirely when an upload resumes, since the server
 * already holds the digests declared at creation.
 */
export async function fileDigests(
  path: string,
  onProgress: (bytesRead: number) => void = () => {},
): Promise<FileDigests> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer;
    md5.update(bytes);
    sha256.update(bytes);
    read += bytes.length;
    onProgress(read);
  }
  return { md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}
