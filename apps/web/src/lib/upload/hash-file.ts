import type { FileDigests, HashRequest, HashResponse } from './hash-messages';

/**
 * MD5 and SHA-256 of a file, computed in a Web Worker (hash-wasm) so the page stays responsive.
 * The worker is its own chunk: hash-wasm is downloaded only when a file is hashed.
 * Aborting terminates the worker at once.
 */
export function hashFile(
  file: Blob,
  onProgress: (bytesDone: number) => void,
  signal: AbortSignal,
): Promise<FileDigests> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(new URL('../../workers/file-hash-worker.ts', import.meta.url), {
      type: 'module',
      name: 'file-hash',
    });
    const stop = () => {
      worker.terminate();
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
    const finish = () => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent<HashResponse>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message.bytesDone);
      else if (message.type === 'done') {
        finish();
        resolve({ md5: message.md5, sha256: message.sha256 });
      } else {
        finish();
        reject(new Error(`Could not read the file: ${message.message}`));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`Could not check the file: ${event.message}`));
    };
    const request: HashRequest = { file };
    worker.postMessage(request);
  });
}
