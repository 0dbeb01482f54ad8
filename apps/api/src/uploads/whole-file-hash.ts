import { Worker } from 'node:worker_threads';

export interface Digests {
  md5: string;
  sha256: string;
}

/**
 * The worker's code, inline (CommonJS, plain JS) so it runs the same from sources under tsx or
 * vitest and from dist. It holds node:crypto MD5 + SHA-256 states by handle, in message order.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const states = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'new') states.set(m.h, [createHash('md5'), createHash('sha256')]);
  else if (m.op === 'update') {
    const s = states.get(m.h);
    const b = Buffer.from(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength);
    s[0].update(b);
    s[1].update(b);
    parentPort.postMessage({ ack: b.length });
  } else if (m.op === 'copy') {
    const s = states.get(m.from);
    states.set(m.h, [s[0].copy(), s[1].copy()]);
  } else if (m.op === 'digest') {
    const s = states.get(m.h);
    parentPort.postMessage({ reply: m.reply, md5: s[0].copy().digest('hex'), sha256: s[1].copy().digest('hex') });
  } else if (m.op === 'free') states.delete(m.h);
});
`;

/** Bytes handed to the worker but not hashed yet, past which writers wait (memory stays bounded). */
const HIGH_WATER = 32 * 1024 * 1024;

/**
 * MD5 and SHA-256 of uploads while their bytes arrive, computed on a worker thread so hashing
 * (about half the CPU time of an upload, see /work/shared/research/upload-checksums.md) runs
 * beside the socket and disk work instead of after it. One worker per API process serves every
 * upload; each WholeFileHash is a handle to a state there, freed when the handle is collected.
 */
export class HashWorker {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private nextHandle = 0;
  private nextReply = 0;
  private pending = 0;
  private failure: Error | undefined;
  private closed = false;
  private readonly replies = new Map<
    number,
    { resolve(d: Digests): void; reject(e: Error): void }
  >();
  private drained: (() => void)[] = [];
  private readonly freed = new FinalizationRegistry<number>((h) => this.post({ op: 'free', h }));

  constructor() {
    // Never keeps the process alive; closing the app terminates it.
    this.worker.unref();
    this.worker.on('message', (m: { ack?: number; reply?: number } & Partial<Digests>) => {
      if (m.ack !== undefined) {
        this.pending -= m.ack;
        if (this.pending <= HIGH_WATER / 2) this.wake();
      } else if (m.reply !== undefined) {
        this.replies.get(m.reply)?.resolve({ md5: m.md5 ?? '', sha256: m.sha256 ?? '' });
        this.replies.delete(m.reply);
      }
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      this.wake();
      for (const waiting of this.replies.values()) waiting.reject(error);
      this.replies.clear();
    });
  }

  private wake() {
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private post(message: object, transfer?: ArrayBuffer[]) {
    // After close, handles collected late have nothing left to free.
    if (!this.failure && !this.closed) this.worker.postMessage(message, transfer);
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
  async update(h: number, chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    // One copy into a buffer of its own, transferred (not cloned again) to the worker.
    const copy = new Uint8Array(chunk);
    this.pending += copy.byteLength;
    this.post({ op: 'update', h, buf: copy }, [copy.buffer as ArrayBuffer]);
    while (this.pending > HIGH_WATER && !this.failure) {
      await new Promise<void>((resolve) => this.drained.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** @internal */
  copy(from: number, offset: number): WholeFileHash {
    return this.handle(offset, (h) => this.post({ op: 'copy', h, from }));
  }

  /** @internal */
  digest(h: number): Promise<Digests> {
    if (this.failure) return Promise.reject(this.failure);
    const reply = ++this.nextReply;
    return new Promise<Digests>((resolve, reject) => {
      this.replies.set(reply, { resolve, reject });
      this.post({ op: 'digest', h, reply });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}

/** MD5 + SHA-256 of a file so far, fed in order; `copy()` is a checkpoint before a chunk. */
export class WholeFileHash {
  constructor(
    private readonly worker: HashWorker,
    private readonly h: number,
    /** Bytes hashed: must equal the upload's offset to be used. */
    public offset: number,
  ) {}

  /** Resolves at once unless the worker is far behind (then the caller reads no further). */
  update(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    return this.worker.update(this.h, chunk);
  }

  copy(): WholeFileHash {
    return this.worker.copy(this.h, this.offset);
  }

  /** Hex digests of what was hashed so far; the state stays usable. */
  digest(): Promise<Digests> {
    return this.worker.digest(this.h);
  }
}
