import { defaultOptions, type HttpRequest, Upload } from 'tus-js-client';
import { csrfHeaders, csrfToken } from '../auth/csrf-token';
import { hashFile } from './hash-file';
import type { FileDigests } from './hash-messages';
import { addSample, type RateSample } from './transfer-rate';
import { encodeTusMetadata } from './tus-metadata';
import { readVerifiedStatus } from './upload-status';

export type UploadPhase =
  | 'uploading'
  | 'paused'
  /** Every byte is on the server; waiting for the digests, then for the final upload. */
  | 'finishing'
  | 'complete'
  | 'cancelled'
  | 'failed';

export interface UploadSnapshot {
  phase: UploadPhase;
  fileName: string;
  bytesTotal: number;
  bytesUploaded: number;
  /** Bytes found on the server from an earlier visit (page reload, closed tab). */
  resumedBytes: number;
  bytesHashed: number;
  samples: RateSample[];
  /** Set when complete: the id used by uploads.preview and imports.createFromUpload. */
  uploadId: string | null;
  error: string | null;
}

// 5 MiB requests: large enough that per-request overhead is small, small enough that a pause or
// a dropped connection loses little and progress moves smoothly.
const chunkSize = 5 * 1024 * 1024;
// Two partial uploads in flight. On a real link a second connection often adds throughput; the
// main reason is the digest design below.
const parallelUploads = 2;

export const fileTypeOf = (name: string): 'csv' | 'tsv' =>
  name.toLowerCase().endsWith('.tsv') ? 'tsv' : 'csv';

/**
 * One file to `/api/uploads` with tus-js-client, verified end to end by MD5 and SHA-256.
 *
 * Why hash and upload at the same time: tus metadata (where the server expects `md5`/`sha256`)
 * is fixed when an upload is created, so a single upload would have to wait for the whole file
 * to be hashed first: total = hash + upload. Instead the bytes go up as partial uploads
 * (concatenation extension) while the worker hashes, and only the final upload, created once
 * every part is in, carries the digests: total = max(hash, upload) + the server's merge of the
 * parts at disk speed and its own hashing of the file (~1.5 s per GB). The header of that final POST
 * is written in `onBeforeRequest`, which tus-js-client awaits, so it simply waits for the worker.
 * Measured here: hash-wasm does MD5 + SHA-256 together at ~150 MiB/s (Node, the same WASM
 * Chromium runs), about what a loopback upload reaches, so hashing first would nearly double a
 * local upload, and adds ~7 s per GB on any link.
 *
 * Resume: tus-js-client stores the part URLs under the file's fingerprint (name, type, size,
 * mtime) in localStorage; picking the same file again after a reload continues where it
 * stopped. The digests are recomputed then, concurrently with the rest of the upload.
 */
export class FileUploader {
  private snapshot: UploadSnapshot;
  private readonly listeners = new Set<() => void>();
  private upload: Upload | null = null;
  /** HEAD answers of the first start: what an earlier visit already uploaded, per part. */
  private readonly headOffsets = new Map<string, number>();
  private firstStart = true;
  private readonly partUrls = new Set<string>();
  private disposed = false;
  private readonly hashing = new AbortController();
  private readonly digests: Promise<FileDigests>;

  constructor(private readonly file: File) {
    this.snapshot = {
      phase: 'uploading',
      fileName: file.name,
      bytesTotal: file.size,
      bytesUploaded: 0,
      resumedBytes: 0,
      bytesHashed: 0,
      samples: [],
      uploadId: null,
      error: null,
    };
    this.digests = hashFile(
      file,
      (bytesHashed) => this.update({ bytesHashed }),
      this.hashing.signal,
    );
    // Failures surface through the final POST; this only keeps an early rejection from being
    // reported as unhandled before that POST awaits it.
    this.digests.catch(() => undefined);
  }

  /** A fresh tus-js-client Upload per (re)start: after abort() an Upload drops later errors. */
  private createUpload(): Upload {
    const metadata = { filename: this.file.name, filetype: fileTypeOf(this.file.name) };
    return new Upload(this.file, {
      endpoint: new URL('/api/uploads', window.location.origin).href,
      chunkSize,
      parallelUploads,
      // Empty on purpose: the final POST's Upload-Metadata is written in beforeRequest. Were it
      // set here too, XHR would join both values with ", " (setRequestHeader appends).
      metadata: {},
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      onBeforeRequest: (req) => this.beforeRequest(req, metadata),
      onAfterResponse: (req, res) => {
        this.notePart(req, res);
        this.noteResumedOffset(req, res);
      },
      onProgress: (sent, total) => this.progress(sent, total),
      onSuccess: () => void this.succeeded(),
      onError: (error) => this.failed(error.message),
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): UploadSnapshot => this.snapshot;

  /** Starts, or continues an earlier upload of the same file when the browser remembers one. */
  async start(): Promise<void> {
    const upload = this.createUpload();
    this.upload = upload;
    const previous = await upload.findPreviousUploads();
    const latest = previous.sort(
      (a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime),
    )[0];
    if (latest) upload.resumeFromPreviousUpload(latest);
    // Disposed or paused while the browser storage was read: do not start behind its back.
    if (this.disposed || this.upload !== upload) return;
    upload.start();
  }

  pause(): void {
    if (this.snapshot.phase !== 'uploading' && this.snapshot.phase !== 'finishing') return;
    // abort() without termination keeps the parts on the server; start() continues them.
    this.firstStart = false;
    void this.upload?.abort();
    this.update({ phase: 'paused', samples: [] });
  }

  resume(): void {
    if (this.snapshot.phase !== 'paused') return;
    this.update({ phase: 'uploading' });
    void this.start();
  }

  /** Termination extension: the server deletes what it has; the browser forgets the file. */
  async cancel(): Promise<void> {
    const { phase, uploadId } = this.snapshot;
    this.update({ phase: 'cancelled', samples: [] });
    this.hashing.abort();
    const url = this.upload?.url;
    await this.upload?.abort();
    // tus-js-client's abort(true) on a parallel upload does not wait for the parts' DELETEs,
    // so they are sent here and awaited: when the drop zone returns, the server has let go.
    // A DELETE racing the aborted PATCH may get 423 (lock); terminate() retries that.
    const urls = phase === 'complete' && url && uploadId ? [url] : [...this.partUrls];
    await Promise.all(
      urls.map((u) =>
        Upload.terminate(u, {
          retryDelays: [0, 500, 1000, 2000],
          // Not an Upload, so beforeRequest does not run: the session's CSRF token goes here.
          headers: csrfHeaders(),
        }).catch(() => undefined),
      ),
    );
    await this.forget();
  }

  /** Stops work without deleting anything, e.g. when the page is left: the upload can resume. */
  dispose(): void {
    this.disposed = true;
    this.hashing.abort();
    if (this.snapshot.phase !== 'complete') void this.upload?.abort();
    this.listeners.clear();
  }

  /** Remembers every part URL (created now or resumed), for cancel. */
  private notePart(req: HttpRequest, res: { getHeader(name: string): string | undefined }) {
    const url = req.getURL();
    if (req.getMethod() !== 'POST') this.partUrls.add(url);
    else if (req.getHeader('Upload-Concat') === 'partial') {
      const location = res.getHeader('Location');
      if (location) this.partUrls.add(new URL(location, url).href);
    }
  }

  private noteResumedOffset(
    req: HttpRequest,
    res: { getHeader(name: string): string | undefined },
  ) {
    if (!this.firstStart || req.getMethod() !== 'HEAD') return;
    const offset = Number(res.getHeader('Upload-Offset'));
    if (!Number.isFinite(offset)) return;
    this.headOffsets.set(req.getURL(), offset);
    let resumedBytes = 0;
    for (const bytes of this.headOffsets.values()) resumedBytes += bytes;
    this.update({
      resumedBytes,
      bytesUploaded: Math.max(this.snapshot.bytesUploaded, resumedBytes),
    });
  }

  private async beforeRequest(req: HttpRequest, metadata: Record<string, string>) {
    // tus POST/PATCH/DELETE change state with the session cookie: the server wants the CSRF token.
    const token = csrfToken();
    if (token && req.getMethod() !== 'HEAD') req.setHeader('x-csrf-token', token);
    const concat = req.getHeader('Upload-Concat') ?? '';
    if (req.getMethod() !== 'POST' || !concat.startsWith('final;')) return;
    this.update({ phase: 'finishing' });
    const digests = await this.digests;
    // Paused or cancelled while waiting: throwing stops this POST (the error is not reported,
    // tus-js-client drops errors of an aborted upload); resume() sends it again.
    if (this.snapshot.phase !== 'finishing') throw new Error('upload stopped');
    req.setHeader('Upload-Metadata', encodeTusMetadata({ ...metadata, ...digests }));
  }

  private progress(sent: number, total: number) {
    if (this.snapshot.phase !== 'uploading') return;
    // After a restart each part reports from its own offset, so the sum briefly undercounts
    // until both have reported; the server never loses acknowledged bytes, so never go back.
    const bytes = Math.max(sent, this.snapshot.bytesUploaded);
    this.update({
      bytesUploaded: bytes,
      bytesTotal: total,
      samples: addSample(this.snapshot.samples, { at: performance.now(), bytes }),
    });
  }

  private async succeeded() {
    this.firstStart = false;
    const url = this.upload?.url;
    const id = url ? new URL(url).pathname.split('/').pop() : undefined;
    if (!id) return this.failed('The server did not say where the upload is.');
    try {
      // The server hashes the file once the last byte is on disk, then compares with ours.
      this.update({ phase: 'finishing', bytesUploaded: this.file.size, samples: [] });
      const status = await readVerifiedStatus(id);
      if (status.status === 'corrupt') {
        return this.failed(
          'The file arrived damaged: its checksum on the server differs from the one computed here. Upload it again.',
        );
      }
      if (status.status !== 'complete') {
        return this.failed(`The upload is ${status.status}. Upload the file again.`);
      }
      this.update({ phase: 'complete', uploadId: id, bytesUploaded: this.file.size, samples: [] });
    } catch (error) {
      this.failed(error instanceof Error ? error.message : String(error));
    }
  }

  private failed(message: string) {
    if (this.snapshot.phase === 'cancelled') return;
    this.hashing.abort();
    this.update({ phase: 'failed', error: message, samples: [] });
  }

  /** Drops the stored resume entry, so a later pick of the same file starts afresh. */
  private async forget() {
    const previous = await (this.upload ?? this.createUpload()).findPreviousUploads();
    await Promise.all(
      previous.map((p) => defaultOptions.urlStorage.removeUpload(p.urlStorageKey)),
    ).catch(() => undefined);
  }

  private update(patch: Partial<UploadSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
