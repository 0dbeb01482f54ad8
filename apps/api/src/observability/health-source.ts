import type { Bucket, RollingWindow } from './rolling-window.js';

export interface HealthRead {
  /** Buckets of every merged instance, one per start, oldest first. */
  buckets: Bucket[];
  /** Instances merged (1 without Redis). */
  instances: number;
  /** Earliest start among them: figures cover no more than since then. */
  coveredSince: number;
}

/**
 * Where the dashboard and the alert engine read request windows from. The seam's two adapters:
 * this process only (`LocalHealthSource`, no REDIS_URL) or every API/worker process through
 * Redis (`RedisHealthSource`).
 */
export interface HealthSource {
  readonly kind: 'local' | 'redis';
  /** Shares this instance's recent buckets (a no-op locally). */
  publish(): Promise<void>;
  read(sinceMs: number): Promise<HealthRead>;
  close(): Promise<void>;
}

export class LocalHealthSource implements HealthSource {
  readonly kind = 'local';
  constructor(private readonly window: RollingWindow) {}
  async publish(): Promise<void> {}
  async read(sinceMs: number): Promise<HealthRead> {
    return {
      buckets: this.window.buckets(sinceMs),
      instances: 1,
      coveredSince: this.window.startedAt,
    };
  }
  async close(): Promise<void> {}
}
