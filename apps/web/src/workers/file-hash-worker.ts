import { createMD5, createSHA256 } from 'hash-wasm';
import type { HashRequest, HashResponse } from '../lib/upload/hash-messages';

// Runs off the main thread so hashing a multi-GB file never blocks the page. The file is read
// in slices: `File.arrayBuffer()` of the whole file would hold it all in memory.
const sliceBytes = 8 * 1024 * 1024;

// Typed by hand: the app's tsconfig has the DOM lib, not the WebWorker one.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage: (message: HashResponse) => void;
};

async function hash(file: Blob): Promise<void> {
  const [md5, sha256] = await Promise.all([createMD5(), createSHA256()]);
  md5.init();
  sha256.init();
  for (let offset = 0; offset < file.size; offset += sliceBytes) {
    const bytes = new Uint8Array(await file.slice(offset, offset + sliceBytes).arrayBuffer());
    md5.update(bytes);
    sha256.update(bytes);
    scope.postMessage({
      type: 'progress',
      bytesDone: Math.min(offset + sliceBytes, file.size),
    });
  }
  scope.postMessage({ type: 'done', md5: md5.digest('hex'), sha256: sha256.digest('hex') });
}

scope.onmessage = (event) => {
  hash(event.data.file).catch((error: unknown) =>
    scope.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    }),
  );
};
