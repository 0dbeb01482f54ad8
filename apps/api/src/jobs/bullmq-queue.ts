import { Queue, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  type JobHandler,
  JobInterrupted,
  type JobQueue,
  type QueueCounts,
  type QueueOptions,
} from './queue.js';

/**
 * Jobs kept in Redis by BullMQ: any process with the same Redis URL and prefix can add jobs,
 * any number of worker processes run them, and a job survives the death of the process that
 * was running it (BullMQ moves stalled jobs back to waiting).
 */
export class BullmqQueue<T> implements JobQueue<T> {
  readonly #options: QueueOptions & { lockMs: number };
  readonly #connection: Redis;
  readonly #queue: Queue<T>;
  readonly #prefix: string;
  #worker: Worker<T> | undefined;
  #workerConnection: Redis | undefined;
  readonly #stopping = new AbortController();

  /**
   * `lockMs`: how long a job stays claimed by a worker that stopped answering (killed) before
   * another worker takes it over; live workers renew it at half that.
   */
  constructor(options: QueueOptions & { redisUrl: string; prefix: string; lockMs?: number }) {
    this.#options = { ...options, lockMs: options.lockMs ?? 30_000 };
    this.#prefix = options.prefix;
    // BullMQ needs maxRetriesPerRequest: null on connections used by workers.
    this.#connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.#queue = new Queue<T>(options.name, {
      connection: this.#connection,
      prefix: this.#prefix,
    });
  }

  async enqueue(id: string, data: T): Promise<void> {
    await (this.#queue as Queue).add(this.#options.name, data, {
      jobId: id,
      attempts: this.#options.attempts,
      backoff: { type: 'exponential', delay: this.#options.backoffMs },
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    });
  }

  process(handler: JobHandler<T>, options: { concurrency: number }): void {
    if (this.#worker) throw new Error(`queue ${this.#options.name} already has a handler`);
    // Workers block on their own connection; ours to open, so ours to close.
    this.#workerConnection = this.#connection.duplicate();
    this.#worker = new Worker<T>(
      this.#options.name,
      async (job, token) => {
        try {
          await handler({
            id: job.id ?? '',
            data: job.data,
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
            signal: this.#stopping.signal,
          });
        } catch (error) {
          if (!(error instanceof JobInterrupted)) throw error;
          // Back to waiting at once, no attempt used: another worker resumes it now instead
          // of after the lock of this stopping one lapses.
          await job.moveToWait(token);
          throw new WaitingError();
        }
      },
      {
        connection: this.#workerConnection,
        prefix: this.#prefix,
        concurrency: Math.max(1, options.concurrency),
        lockDuration: this.#options.lockMs,
        stalledInterval: this.#options.lockMs,
      },
    );
    // A failing job is BullMQ's business (retry, then failed set); without a listener an
    // 'error' event would crash the process.
    this.#worker.on('error', () => {});
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.#queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      delayed: c.delayed ?? 0,
      active: c.active ?? 0,
    };
  }

  #stopped: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  stop(): Promise<void> {
    // Running handlers see the abort and return at their next safe point; the worker fetches
    // no new job once closing and resolves when the running ones have returned.
    this.#stopping.abort();
    this.#stopped ??= this.#worker?.close() ?? Promise.resolve();
    return this.#stopped;
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    await this.stop();
    await this.#queue.close();
    await this.#workerConnection?.quit();
    await this.#connection.quit();
  }
}
