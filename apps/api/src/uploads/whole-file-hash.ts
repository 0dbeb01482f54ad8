import { Worker } from 'node:worker_threads';

export interface Digests {
  md5: string;
  sha256: string;
}

/**
 * A worker's code, inline (CommonJS, plain JS) so it runs the same from sources under tsx or
 * vitest and from dist. It holds states of ONE algorithm (workerData) by handle, in message order.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const states = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'new') states.set(m.h, createHash(workerData));
  else if (m.op === 'update') {
    states.get(m.h).update(new Uint8Array(m.buf, 0, m.length));
    parentPort.postMessage({ ack: m.length });
  } else if (m.op === 'copy') states.set(m.h, states.get(m.from).copy());
  else if (m.op === 'digest') parentPort.postMessage({ reply: m.reply, hex: states.get(m.h).copy().digest('hex') });
  else if (m.op === 'free') states.delete(m.h);
});
`;

/** Bytes handed to a worker but not hashed yet, past which writers wait (memory stays bounded). */
const HIGH_WATER = 32 * 1024 * 1024;

/** One thread hashing with one algorithm; the chunks it is sent are shared, never copied again. */
class AlgorithmThread {
  private readonly worker: Worker;
  private nextReply = 0;
  private readonly replies = new Map<
    number,
    { resolve(hex: string): void; reject(e: Error): void }
  >();
  /** Bytes posted and not acknowledged yet. */
  pending = 0;
  failure: Error | undefined;

  constructor(algorithm: 'md5' | 'sha256', onProgress: () => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: algorithm });
    // Never keeps the process alive; closing the app terminates it.
    this.worker.unref();
    this.worker.on('message', (m: { ack?: number; reply?: number; hex?: string }) => {
      if (m.ack !== undefined) {
        this.pending -= m.ack;
        onProgress();
      } else if (m.reply !== undefined) {
        this.replies.get(m.reply)?.resolve(m.hex ?? '');
        this.replies.delete(m.reply);
      }
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      onProgress();
      for (const waiting of this.replies.values()) waiting.reject(error);
      this.replies.clear();
    });
  }

  post(message: { op: string; length?: number } & Record<string, unknown>) {
    this.pending += message.length ?? 0;
    this.worker.postMessage(message);
  }

  digest(h: number): Promise<string> {
    const reply = ++this.nextReply;
    return new Promise<string>((resolve, reject) => {
      this.replies.set(reply, { resolve, reject });
      this.post({ op: 'digest', h, reply });
    });
  }

  terminate() {
    return this.worker.terminate();
  }
}

/**
 * MD5 and SHA-256 of uploads while their bytes arrive, on worker threads so hashing (about half
 * the CPU time of an upload, see /work/shared/research/upload-checksums.md) runs beside the
 * socket and disk work instead of after it. One thread per algorithm: MD5 alone (~420 MiB/s here)
 * is as slow as writing the file, and SHA-256 after it in the same thread held uploads to
 * 0.57-0.66x of a raw PUT (bench/import). One pair per API process serves every upload; each
 * WholeFileHash is a handle to a state in both, freed when the handle is collected.
 */
export class HashWorker {
  private readonly threads: AlgorithmThread[];
  private nextHandle = 0;
  private closed = false;
  private drained: (() => void)[] = [];
  private readonly freed = new FinalizationRegistry<number>((h) => this.post({ op: 'free', h }));

  constructor() {
    const progress = () => {
      if (this.failure || this.pending() <= HIGH_WATER / 2) {
        for (const resolve of this.drained.splice(0)) resolve();
      }
    };
    this.threads = [new AlgorithmThread('md5', progress), new AlgorithmThread('sha256', progress)];
  }

  private get failure(): Error | undefined {
    return this.threads.find((thread) => thread.failure)?.failure;
  }

  private pending(): number {
    return Math.max(...this.threads.map((thread) => thread.pending));
  }

  private post(message: { op: string; length?: number } & Record<string, unknown>) {
    // After close, handles collected late have nothing left to free.
    if (this.failure || this.closed) return;
    for (const thread of this.threads) thread.post(message);
  }

  /** A new, empty hash state. */
  create(): WholeFileHash {
    return this.handle(0, (h) => this.post({ op: 'new', h }));
  }

  /** Hashes bytes already on disk (after a restart the in-memory state is gone). */
  async fromStream(stream: AsyncIterable<Buffer>): Promise<WholeFileHash> {
    const hash = this.create();
    for await (const chunk of stream) await hash.update(chunk);
    return hash;
  }

  private handle(offset: number, init: (h: number) => void): WholeFileHash {
    const h = ++this.nextHandle;
    init(h);
    const hash = new WholeFileHash(this, h, offset);
    this.freed.register(hash, h);
    return hash;
  }

  /** @internal */
  async update(h: number, bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    // Shared memory (see WholeFileHash): both threads read the same bytes, nothing is copied.
    this.post({
      op: 'update',
      h,
      buf: bytes.buffer as SharedArrayBuffer,
      length: bytes.byteLength,
    });
    while (this.pending() > HIGH_WATER && !this.failure) {
      await new Promise<void>((resolve) => this.drained.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** @internal */
  copy(from: number, offset: number): WholeFileHash {
    return this.handle(offset, (h) => this.post({ op: 'copy', h, from }));
  }

  /** @internal */
  async digest(h: number): Promise<Digests> {
    if (this.failure) throw this.failure;
    const [md5, sha256] = await Promise.all(this.threads.map((thread) => thread.digest(h)));
    return { md5: md5 ?? '', sha256: sha256 ?? '' };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }
}

/** Bytes gathered before they go to the threads: one message per MiB, not per socket read. */
const BATCH_BYTES = 1024 * 1024;

/** MD5 + SHA-256 of a file so far, fed in order; `copy()` is a checkpoint before a chunk. */
export class WholeFileHash {
  /** Shared memory being filled, and how much of it is; sent when full or before copy/digest. */
  private batch: Uint8Array | undefined;
  private filled = 0;

  constructor(
    private readonly worker: HashWorker,
    private readonly h: number,
    /** Bytes hashed: must equal the upload's offset to be used. */
    public offset: number,
  ) {}

  /** Resolves at once unless the threads are far behind (then the caller reads no further). */
  async update(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      this.batch ??= new Uint8Array(new SharedArrayBuffer(BATCH_BYTES));
      const take = Math.min(chunk.length - at, BATCH_BYTES - this.filled);
      this.batch.set(chunk.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === BATCH_BYTES) await this.flush();
    }
  }

  private flush(): Promise<void> {
    if (!this.batch || this.filled === 0) return Promise.resolve();
    const bytes = this.batch.subarray(0, this.filled);
    this.batch = undefined;
    this.filled = 0;
    return this.worker.update(this.h, bytes);
  }

  copy(): WholeFileHash {
    // A failed thread fails digest() later; here the order of messages is all that matters.
    this.flush().catch(() => undefined);
    return this.worker.copy(this.h, this.offset);
  }

  /** Hex digests of what was hashed so far; the state stays usable. */
  async digest(): Promise<Digests> {
    await this.flush();
    return this.worker.digest(this.h);
  }
}
