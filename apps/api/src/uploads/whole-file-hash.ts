import { Worker } from 'node:worker_threads';

export interface Digests {
  md5: string;
  sha256: string;
}

/**
 * A worker's code, inline (CommonJS, plain JS) so it runs the same from sources under tsx or
 * vitest and from dist. It holds states of ONE algorithm (workerData) by handle, in message order,
 * and reads the bytes to hash from a shared slot, which it hands back with its ack. A digest
 * ends its state; `free` drops one whose file could not be read to the end.
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
  } else if (m.op === 'digest') {
    parentPort.postMessage({ reply: m.reply, hex: states.get(m.h).digest('hex') });
    states.delete(m.h);
  } else if (m.op === 'free') states.delete(m.h);
});
`;

/** Size of one shared slot, and how many bytes are gathered before they are sent. */
const SLOT_BYTES = 1024 * 1024;
/**
 * Slots in the ring: the most memory hashing holds (32 MiB), whatever the number of files hashed
 * at once. A file is read no faster than the threads hash: its reader waits for a free slot.
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
    // A digest still awaited would never come: its file is hashed again after a restart.
    for (const waiting of this.replies.values()) waiting.reject(new Error('Hashing was stopped'));
    this.replies.clear();
    return this.worker.terminate();
  }
}

/** Two threads (one per algorithm) and the ring of shared slots they read, while files are hashed. */
class HashPool {
  readonly threads: AlgorithmThread[];
  private readonly slots: SharedArrayBuffer[] = [];
  /** Threads still reading each slot; a slot at 0 is free. */
  private readonly readers: number[] = [];
  private readonly freeSlots: number[] = [];
  private waiting: (() => void)[] = [];
  private closed = false;
  /** Files being hashed with this pool now. */
  files = 0;

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

  get failure(): Error | undefined {
    return this.threads.find((thread) => thread.failure)?.failure;
  }

  post(message: Message) {
    if (this.failure || this.closed) return;
    for (const thread of this.threads) thread.post(message);
  }

  /** A free slot's index, waiting for the threads to hand one back if all are in use. */
  private async acquire(): Promise<number> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.closed) throw new Error('The hash threads are closed');
      const free = this.freeSlots.pop();
      if (free !== undefined) return free;
      if (this.slots.length < SLOTS) {
        this.slots.push(new SharedArrayBuffer(SLOT_BYTES));
        return this.slots.length - 1;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Sends `chunks` (in order) to both threads through the ring, a slot at a time. */
  async send(h: number, chunks: Buffer[]): Promise<void> {
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

  async terminate(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }
}

/**
 * MD5 and SHA-256 of whole files on worker threads, one per algorithm: MD5 alone (~700 MiB/s
 * here) is the slower half, and both in one thread took 2.2 s per GiB, one each 1.5 s. Files are
 * hashed after their last byte is on disk (upload-verifier.ts): hashing on the same pass as the
 * upload made a 1 GiB upload 2.8x slower than the same bytes written alone on 2 cores, the
 * threads competing with the socket and the client (bench/import). The bytes travel through a
 * fixed ring of shared slots that both threads read: one copy per byte, one message per MiB, and
 * memory that cannot grow (shared buffers allocated per message were kept alive until the
 * threads' garbage collection, which rarely runs: +160 MB of peak RSS on a 300 MB file). The
 * threads and the ring exist while files are being hashed, shared by all of them: started by the
 * first, ended when the last is done (~50 MB that an import following the upload does not need
 * beside it; starting them takes ~30 ms).
 */
export class HashWorker {
  private pool: HashPool | undefined;
  private nextHandle = 0;
  private closed = false;

  /** MD5 and SHA-256 (hex) of every byte of `stream`. */
  async digest(stream: AsyncIterable<Buffer>): Promise<Digests> {
    if (this.closed) throw new Error('The hash threads are closed');
    this.pool ??= new HashPool();
    const pool = this.pool;
    pool.files += 1;
    const h = ++this.nextHandle;
    try {
      pool.post({ op: 'new', h });
      let gathered: Buffer[] = [];
      let gatheredBytes = 0;
      try {
        for await (const chunk of stream) {
          gathered.push(chunk);
          gatheredBytes += chunk.length;
          if (gatheredBytes < SLOT_BYTES) continue;
          await pool.send(h, gathered);
          gathered = [];
          gatheredBytes = 0;
        }
        await pool.send(h, gathered);
      } catch (error) {
        pool.post({ op: 'free', h });
        throw error;
      }
      if (pool.failure) throw pool.failure;
      const [md5, sha256] = await Promise.all(pool.threads.map((thread) => thread.digest(h)));
      return { md5: md5 ?? '', sha256: sha256 ?? '' };
    } finally {
      pool.files -= 1;
      // Idle, or failed: the next file starts fresh threads.
      if ((pool.files === 0 || pool.failure) && this.pool === pool) this.pool = undefined;
      if (pool.files === 0) void pool.terminate();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.terminate();
  }
}
