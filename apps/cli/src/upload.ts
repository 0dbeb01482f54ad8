import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { DetailedError, Upload } from 'tus-js-client';
import { authHeaders, type Connection, restGet } from './api-client.js';
import { CliError, EXIT, notSignedIn } from './exit-codes.js';
import { fileDigests } from './file-digests.js';
import { formatBytes, formatDuration } from './format.js';
import { RateMeter } from './progress-bar.js';
import type { Ui } from './ui.js';
import type { JsonFileUrlStorage } from './url-storage.js';

export interface UploadResult {
  uploadId: string;
  uploadUrl: string;
  bytes: number;
  /** The server's offset when this run picked up an earlier, interrupted upload; else null. */
  resumedFrom: number | null;
}

export interface UploadOptions {
  path: string;
  connection: Connection;
  ui: Ui;
  storage: JsonFileUrlStorage;
  /** Bytes per PATCH. Large by default: the server keeps what arrived even of a broken request. */
  chunkSize: number;
  signal: AbortSignal;
}

/** `GET /api/uploads/:id/status` (apps/api/src/uploads/README.md). */
interface UploadStatus {
  offset: number;
  length: number | null;
  /** `verifying`: complete, the server is computing its checksums (an import waits for them). */
  status: 'uploading' | 'verifying' | 'complete' | 'corrupt' | 'expired';
}

const uploadIdOf = (url: string) => new URL(url).pathname.split('/').pop() ?? '';

/**
 * Uploads a file over tus (https://tus.io/protocols/resumable-upload) with tus-js-client,
 * resuming the upload an earlier run of the CLI left unfinished for the same file. The
 * fingerprint is path + size + mtime + server, so an edited file starts a new upload.
 */
export async function uploadFile(opts: UploadOptions): Promise<UploadResult> {
  const { path, connection, ui, storage } = opts;
  const info = await stat(path);
  const endpoint = `${connection.url}/api/uploads`;
  const fingerprint = `intake-cli:${path}:${info.size}:${info.mtimeMs}:${endpoint}`;

  const previous = await resumable(opts, fingerprint, info.size);
  if (previous) {
    ui.note(
      `Resuming upload ${uploadIdOf(previous.url)} at ${formatBytes(previous.offset)} of ${formatBytes(info.size)}`,
    );
    try {
      return await send(opts, { fingerprint, size: info.size, resume: previous });
    } catch (error) {
      // The server dropped it between our status check and the HEAD: start a new upload.
      if (!(error instanceof CliError) || error.exitCode !== EXIT.refused) throw error;
      await storage.forgetUrl(previous.url);
      ui.note(`Could not resume (${error.message}); uploading from the start`);
    }
  }

  const hashing = ui.progress('hashing  ');
  const digests = await fileDigests(path, (read) =>
    hashing.update(info.size ? read / info.size : 1, formatBytes(read)),
  );
  hashing.finish();
  const metadata = {
    filename: basename(path),
    filetype: extname(path).slice(1).toLowerCase() || 'csv',
    md5: digests.md5,
    sha256: digests.sha256,
  };
  return send(opts, { fingerprint, size: info.size, metadata });
}

/** The newest remembered upload of this file that the server can still continue. */
async function resumable(
  opts: UploadOptions,
  fingerprint: string,
  size: number,
): Promise<{ url: string; urlStorageKey: string; offset: number } | null> {
  const stored = await opts.storage.findUploadsByFingerprint(fingerprint);
  stored.sort((a, b) => b.creationTime.localeCompare(a.creationTime));
  for (const candidate of stored) {
    const url = candidate.uploadUrl;
    if (!url) continue;
    const status = await restGet(
      opts.connection,
      `${new URL(url).pathname}/status`,
      'Checking the earlier upload',
    )
      .then((res) => res.json() as Promise<UploadStatus>)
      .catch((error: unknown) => {
        // No answer, or no valid token, is worth reporting; a refusal (404, 410) means start afresh.
        if (
          error instanceof CliError &&
          (error.exitCode === EXIT.network || error.exitCode === EXIT.unauthorized)
        ) {
          throw error;
        }
        return null;
      });
    if (status && ['uploading', 'verifying', 'complete'].includes(status.status)) {
      if (status.length === null || status.length === size) {
        return { url, urlStorageKey: candidate.urlStorageKey, offset: status.offset };
      }
    }
    await opts.storage.removeUpload(candidate.urlStorageKey);
  }
  return null;
}

function send(
  opts: UploadOptions,
  how: {
    fingerprint: string;
    size: number;
    metadata?: Record<string, string>;
    resume?: { url: string; urlStorageKey: string; offset: number };
  },
): Promise<UploadResult> {
  const { ui, signal } = opts;
  const bar = ui.progress('upload   ');
  const rate = new RateMeter();
  const started = Date.now();
  return new Promise<UploadResult>((resolve, reject) => {
    const upload: Upload = new Upload(createReadStream(opts.path), {
      // Resuming: no endpoint, so a HEAD that finds the upload gone fails here instead of
      // silently creating a new upload without the declared checksums.
      endpoint: how.resume ? null : `${opts.connection.url}/api/uploads`,
      metadata: how.metadata ?? {},
      headers: authHeaders(opts.connection),
      chunkSize: opts.chunkSize,
      retryDelays: [0, 1000, 3000, 5000],
      urlStorage: opts.storage,
      fingerprint: async () => how.fingerprint,
      storeFingerprintForResuming: true,
      // Kept until the import exists: a run killed between upload and import reuses the file.
      removeFingerprintOnSuccess: false,
      onProgress(sent, total) {
        const speed = rate.sample(sent);
        const eta = speed > 0 ? (total - sent) / speed : null;
        bar.update(
          total ? sent / total : 1,
          `${formatBytes(sent)}/${formatBytes(total)}  ${formatBytes(speed)}/s  ETA ${formatDuration(eta)}`,
        );
      },
      onError(error) {
        signal.removeEventListener('abort', onAbort);
        bar.finish();
        reject(tusError(error));
      },
      onSuccess() {
        signal.removeEventListener('abort', onAbort);
        const url = upload.url ?? '';
        const seconds = (Date.now() - started) / 1000;
        const sent = how.size - (how.resume?.offset ?? 0);
        bar.finish();
        ui.note(
          `Uploaded ${formatBytes(how.size)} in ${seconds.toFixed(1)}s (${formatBytes(sent / Math.max(seconds, 0.001))}/s)`,
        );
        resolve({
          uploadId: uploadIdOf(url),
          uploadUrl: url,
          bytes: how.size,
          resumedFrom: how.resume ? how.resume.offset : null,
        });
      },
    });
    const onAbort = () => {
      bar.finish();
      // abort(false): keep the upload on the server, so the next run resumes it.
      void upload.abort(false).finally(() => {
        reject(
          new CliError(
            EXIT.interrupted,
            'Upload interrupted; run the same command again to resume it',
            'INTERRUPTED',
          ),
        );
      });
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (how.resume) {
      upload.resumeFromPreviousUpload({
        uploadUrl: how.resume.url,
        urlStorageKey: how.resume.urlStorageKey,
        size: how.size,
        metadata: {},
        creationTime: '',
        parallelUploadUrls: null,
      });
    }
    upload.start();
  });
}

/** A tus failure with an answer is the server refusing (message from our REST error shape). */
function tusError(error: Error): CliError {
  const res = error instanceof DetailedError ? error.originalResponse : null;
  if (!res) {
    return new CliError(EXIT.network, `Upload failed: ${error.message}`, null, { cause: error });
  }
  let message = `HTTP ${res.getStatus()}`;
  let code: string | null = null;
  try {
    const body = JSON.parse(res.getBody()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = `${body.error.message} (HTTP ${res.getStatus()})`;
    code = body.error?.code ?? null;
  } catch {
    // Not our error shape (a proxy?): the status says enough.
  }
  if (res.getStatus() === 401) return notSignedIn('Upload', message.replace(/ \(HTTP 401\)$/, ''));
  return new CliError(EXIT.refused, `Upload refused: ${message}`, code, { cause: error });
}
