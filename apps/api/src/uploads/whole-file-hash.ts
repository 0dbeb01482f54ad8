import { Worker } from 'node:worker_threads';

export interface Digests {
  md5: string;
  sha256: string;
}

/**
 * A worker's code, inline (CommonJS, plain JS) so it runs the same from sources under tsx or
 * vitest and from dist. It holds states of ONE algorithm (workerData) by handle, in message order,
 * and reads the bytes to hash from a shared slot, which it hands back with its ack.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const states = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'new') states.set(m.h, createHash(workerData));
  else if (m.op === 'update') {
    states.get(m.h).update(new Uint8Array(m.buf, 0, m.length));
    parentPort.postMessage({ ack: m.slot });
  } else if (m.op === 'copy') states.set(m.h, states.get(m.from).copy());
  else if (m.op === 'digest') parentPort.postMessage({ reply: m.reply, hex: states.get(m.h).copy().digest('hex') });
  else if (m.op === 'free') states.delete(m.h);
});
`;

/** Size of one shared slot, and how many bytes an upload gathers before it sends them. */
const SLOT_BYTES = 1024 * 1024;
/**
 * Slots in the ring: the most memory hashing holds (32 MiB), whatever the number and speed of
 * uploads. A writer waits for a free slot, so it reads no faster than the threads hash.
 */
const SLOTS = 32;

type Message = { op: string } & Record<string, unknown>;

/** One thread hashing with one algorithm. */
class AlgorithmThread {
  private readonly worker: Worker;
  private nextReply = 0;
  private readonly replies = new Map<
    number,
    { resolve(hex: string): void; reject(e: Error): void }
  >();
  failure: Error | undefined;

  constructor(algorithm: 'md5' | 'sha256', onAck: (slot: number) => void, onError: () => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: algorithm });
    // Never keeps the process alive; closing the app terminates it.
    this.worker.unref();
    this.worker.on('message', (m: { ack?: number; reply?: number; hex?: string }) => {
      if (m.ack !== undefined) onAck(m.ack);
      else if (m.reply !== undefined) {
        this.replies.get(m.reply)?.resolve(m.hex ?? '');
        this.replies.delete(m.reply);
      }
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      for (const waiting of this.replies.values()) waiting.reject(error);
      this.replies.clear();
      onError();
    });
  }

  post(message: Message) {
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
 * socket and disk work instead of after it. One thread per algorithm: MD5 alone (~700 MiB/s
 * here) is slower than writing the file; both in one thread took 2.2 s per GiB, one each 1.5 s.
 * The bytes travel through a fixed ring of shared slots that both threads read: one copy per
 * byte, one message per MiB, and memory that cannot grow (shared buffers allocated per message
 * were kept alive until the threads' garbage collection, which rarely runs: +160 MB of peak RSS
 * on a 300 MB upload, bench/import). One pair per API process serves every upload; each
 * WholeFileHash is a handle to a state in both, freed when the handle is collected.
 */
export class HashWorker {
  private readonly threads: AlgorithmThread[];
  private readonly slots: SharedArrayBuffer[] = [];
  /** Threads still reading each slot; a slot at 0 is free. */
  private readonly readers: number[] = [];
  private readonly freeSlots: number[] = [];
  private waiting: (() => void)[] = [];
  private nextHandle = 0;
  private closed = false;
  private readonly freed = new FinalizationRegistry<number>((h) => this.post({ op: 'free', h }));

  constructor() {
    const onAck = (slot: number) => {
      this.readers[slot] = (this.readers[slot] ?? 1) - 1;
      if (this.readers[slot] === 0) {
        this.freeSlots.push(slot);
        this.waiting.shift()?.();
      }
    };
    const onError = () => {
      for (const wake of this.waiting.splice(0)) wake();
    };
    this.threads = [
      new AlgorithmThread('md5', onAck, onError),
      new AlgorithmThread('sha256', onAck, onError),
    ];
  }

  private get failure(): Error | undefined {
    return this.threads.find((thread) => thread.failure)?.failure;
  }

  private post(message: Message) {
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

  /** A free slot's index, waiting for the threads to hand one back if all are in use. */
  private async acquire(): Promise<number> {
    for (;;) {
      if (this.failure) throw this.failure;
      const free = this.freeSlots.pop();
      if (free !== undefined) return free;
      if (this.slots.length < SLOTS) {
        this.slots.push(new SharedArrayBuffer(SLOT_BYTES));
        return this.slots.length - 1;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /**
   * @internal Sends `chunks` (in order) to both threads through the ring. Messages are posted in
   * call order: a caller awaits this before posting anything else for the same handle.
   */
  async update(h: number, chunks: Buffer[]): Promise<void> {
    let index = 0;
    let within = 0;
    while (index < chunks.length) {
      const slot = await this.acquire();
      const target = new Uint8Array(this.slots[slot] as SharedArrayBuffer);
      let length = 0;
      while (index < chunks.length && length < SLOT_BYTES) {
        const chunk = chunks[index] as Buffer;
        const take = Math.min(chunk.length - within, SLOT_BYTES - length);
        target.set(chunk.subarray(within, within + take), length);
        length += take;
        within += take;
        if (within === chunk.length) {
          index += 1;
          within = 0;
        }
      }
      this.readers[slot] = this.threads.length;
      this.post({ op: 'update', h, slot, buf: this.slots[slot], length });
    }
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

/** MD5 + SHA-256 of a file so far, fed in order; `copy()` is a checkpoint before a chunk. */
export class WholeFileHash {
  /** Bytes received but not sent to the threads yet (they are sent a slot at a time). */
  private gathered: Buffer[] = [];
  private gatheredBytes = 0;
  /** The send in progress: the next one starts after it, so messages stay in byte order. */
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly worker: HashWorker,
    private readonly h: number,
    /** Bytes hashed: must equal the upload's offset to be used. */
    public offset: number,
  ) {}

  /** Resolves at once unless the threads are far behind (then the caller reads no further). */
  update(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    this.gathered.push(chunk);
    this.gatheredBytes += chunk.length;
    return this.gatheredBytes >= SLOT_BYTES ? this.flush() : Promise.resolve();
  }

  private flush(): Promise<void> {
    const chunks = this.gathered;
    this.gathered = [];
    this.gatheredBytes = 0;
    this.sending = this.sending.then(() =>
      chunks.length > 0 ? this.worker.update(this.h, chunks) : undefined,
    );
    return this.sending;
  }

  /** A checkpoint of the bytes so far, in a state of its own. */
  async copy(): Promise<WholeFileHash> {
    await this.flush();
    return this.worker.copy(this.h, this.offset);
  }

  /** Hex digests of what was hashed so far; the state stays usable. */
  async digest(): Promise<Digests> {
    await this.flush();
    return this.worker.digest(this.h);
  }
}
