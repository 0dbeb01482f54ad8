/** What the page and the hash worker (workers/file-hash-worker.ts) say to each other. */
export interface HashRequest {
  file: Blob;
}

export interface FileDigests {
  md5: string;
  sha256: string;
}

export type HashResponse =
  | { type: 'progress'; bytesDone: number }
  | ({ type: 'done' } & FileDigests)
  | { type: 'error'; message: string };
