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
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface JobQueue<T> {
  /** Adds a job. Adding an id that is still waiting or running again does nothing. */
  enqueue(id: string, data: T): Promise<void>;
  /** Starts running jobs in this process, at most `concurrency` at a time. */
  process(handler: JobHandler<T>, options: { concurrency: number }): void;
  /** Jobs by state, for the queue-depth gauge (read at each metrics scrape). */
  counts(): Promise<QueueCounts>;
  /** Stops taking jobs, lets running ones finish and releases connections. */
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
