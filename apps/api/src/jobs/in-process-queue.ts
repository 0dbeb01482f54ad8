import {
  type JobContext,
  type JobHandler,
  JobInterrupted,
  type JobQueue,
  type QueueCounts,
  type QueueOptions,
} from './queue.js';

type Waiting<T> = Omit<JobContext<T>, 'signal'>;

/**
 * Jobs in memory, run by this process with bounded concurrency and exponential backoff. Jobs
 * that were waiting when the process stops are not kept here: durable state lives in the
 * database, which re-enqueues unfinished work at start.
 */
export class InProcessQueue<T> implements JobQueue<T> {
  readonly #options: QueueOptions;
  readonly #waiting: Waiting<T>[] = [];
  readonly #known = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #stopping = new AbortController();
  #handler: JobHandler<T> | undefined;
  #concurrency = 1;

  constructor(options: QueueOptions) {
    this.#options = options;
  }

  async enqueue(id: string, data: T): Promise<void> {
    if (this.#known.has(id)) return;
    this.#known.add(id);
    // Once stopped, a job added by a request still being answered just waits: its record in the
    // database is what brings it back at the next start.
    this.#waiting.push({ id, data, attempt: 1, maxAttempts: this.#options.attempts });
    this.#pump();
  }

  process(handler: JobHandler<T>, options: { concurrency: number }): void {
    if (this.#handler) throw new Error(`queue ${this.#options.name} already has a handler`);
    this.#handler = handler;
    this.#concurrency = Math.max(1, options.concurrency);
    this.#pump();
  }

  async counts(): Promise<QueueCounts> {
    return {
      waiting: this.#waiting.length,
      delayed: this.#timers.size,
      active: this.#running.size,
    };
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  close(): Promise<void> {
    return this.stop();
  }

  get #stopped(): boolean {
    return this.#stopping.signal.aborted;
  }

  #pump(): void {
    const handler = this.#handler;
    while (handler && !this.#stopped && this.#running.size < this.#concurrency) {
      const job = this.#waiting.shift();
      if (!job) return;
      const run: Promise<void> = this.#run(handler, job).finally(() => {
        this.#running.delete(run);
        this.#pump();
      });
      this.#running.add(run);
    }
  }

  async #run(handler: JobHandler<T>, job: Waiting<T>): Promise<void> {
    try {
      await handler({ ...job, signal: this.#stopping.signal });
      this.#known.delete(job.id);
    } catch (error) {
      if (error instanceof JobInterrupted || job.attempt >= job.maxAttempts || this.#stopped) {
        this.#known.delete(job.id);
        return;
      }
      const delay = this.#options.backoffMs * 2 ** (job.attempt - 1);
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#waiting.push({ ...job, attempt: job.attempt + 1 });
        this.#pump();
      }, delay);
      this.#timers.add(timer);
    }
  }
}
