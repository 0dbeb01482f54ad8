/**
 * The job seam: one small interface, two adapters. `InProcessQueue` runs jobs inside the API
 * process (one machine, nothing else installed); `BullmqQueue` keeps them in Redis so API and
 * worker processes can run apart, several of each. `app.ts` picks one from the config.
 */
export interface JobContext<T> {
  id: string;
  data: T;
  /** 1 on the first run, up to `maxAttempts`. */
  attempt: number;
  maxAttempts: number;
  /**
   * Aborted when this process stops taking jobs (SIGTERM/SIGINT, `close()`). A long job stops at
   * its next safe point (a file import: after the batch it is writing) and throws
   * `JobInterrupted`, so the job is run again later from its checkpoint.
   */
  signal: AbortSignal;
}

/**
 * Thrown by a handler that stopped early because `signal` was aborted. It is not a failure: it
 * uses up no attempt. BullMQ hands the job straight back to the queue for another worker; the
 * in-process queue lets it go, and the database queues it again at the next start.
 */
export class JobInterrupted extends Error {
  constructor(message = 'Job interrupted: the process is stopping') {
    super(message);
    this.name = 'JobInterrupted';
  }
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface JobQueue<T> {
  /** Adds a job. Adding an id that is still waiting or running again does nothing. */
  enqueue(id: string, data: T): Promise<void>;
  /** Starts running jobs in this process, at most `concurrency` at a time. */
  process(handler: JobHandler<T>, options: { concurrency: number }): void;
  /** Jobs by state, for the queue-depth gauge (read at each metrics scrape). */
  counts(): Promise<QueueCounts>;
  /**
   * Stops taking jobs and aborts the running ones' `signal`; resolves once they have returned.
   * Jobs can still be added (for other workers, or the next start). Called first on shutdown.
   */
  stop(): Promise<void>;
  /** `stop()`, then releases connections. */
  close(): Promise<void>;
}

export interface QueueCounts {
  waiting: number;
  /** Waiting for a retry after a failed attempt. */
  delayed: number;
  active: number;
}

export interface QueueOptions {
  name: string;
  /** Runs of a failing job before it is given up (>= 1). */
  attempts: number;
  /** First retry delay; each next one doubles. */
  backoffMs: number;
}
