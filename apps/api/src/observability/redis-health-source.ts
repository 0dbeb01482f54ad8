import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { HealthRead, HealthSource } from './health-source.js';
import { mergeSketchJson } from './latency-sketch.js';
import {
  type Bucket,
  type BucketJson,
  type Cell,
  type CellJson,
  counterNames,
  newCell,
  RETENTION_SECONDS,
  type RollingWindow,
  zeroCounters,
} from './rolling-window.js';

/**
 * Every instance (API or worker process) writes its buckets to Redis and the dashboard merges
 * them. Layout under `<prefix>:health:`:
 * - `b:<bucket start ms>`: hash, instance id -> that instance's bucket as JSON; expires with the
 *   retention, so a stopped instance's past traffic still counts until it ages out;
 * - `live`: sorted set, instance id -> last publish (ms); an instance is live (counted in
 *   "instances merged") while it published within `liveMs`;
 * - `started`: sorted set, instance id -> start (ms), for how many seconds the figures cover.
 */
export class RedisHealthSource implements HealthSource {
  readonly kind = 'redis';
  readonly instanceId = randomUUID();
  readonly #redis: Redis;
  readonly #key: (suffix: string) => string;
  #lastPublish = 0;

  constructor(
    private readonly window: RollingWindow,
    private readonly opts: { redisUrl: string; prefix: string; liveMs: number },
  ) {
    // Fail fast while Redis is away: the caller falls back to this instance's own window.
    this.#redis = new Redis(opts.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    this.#redis.on('error', () => {});
    this.#key = (suffix) => `${opts.prefix}:health:${suffix}`;
  }

  get redis(): Redis {
    return this.#redis;
  }

  async #connected(): Promise<void> {
    if (this.#redis.status === 'wait') await this.#redis.connect();
  }

  async publish(): Promise<void> {
    await this.#connected();
    const now = Date.now();
    // Buckets that may have changed since the last publish: those still open at that time.
    const changed = this.window.buckets(this.#lastPublish - this.window.bucketMs);
    const ttlMs = (RETENTION_SECONDS + 60) * 1000 + this.window.bucketMs;
    const multi = this.#redis.multi();
    for (const bucket of changed) {
      const key = this.#key(`b:${bucket.start}`);
      multi.hset(key, this.instanceId, JSON.stringify(this.window.toJson(bucket)));
      multi.pexpire(key, ttlMs);
    }
    multi.zadd(this.#key('live'), now, this.instanceId);
    multi.zadd(this.#key('started'), this.window.startedAt, this.instanceId);
    multi.zremrangebyscore(this.#key('live'), '-inf', now - ttlMs);
    multi.zremrangebyscore(this.#key('started'), '-inf', now - ttlMs - 86_400_000);
    await multi.exec();
    this.#lastPublish = now;
  }

  async read(sinceMs: number): Promise<HealthRead> {
    await this.#connected();
    const now = Date.now();
    const { bucketMs } = this.window;
    const pipeline = this.#redis.pipeline();
    const starts: number[] = [];
    for (let s = Math.floor(sinceMs / bucketMs) * bucketMs; s <= now; s += bucketMs) {
      starts.push(s);
      pipeline.hgetall(this.#key(`b:${s}`));
    }
    pipeline.zrangebyscore(this.#key('live'), now - this.opts.liveMs, '+inf');
    const results = (await pipeline.exec()) ?? [];
    const live: string[] = (results.at(-1)?.[1] as string[] | undefined) ?? [];
    const buckets: Bucket[] = [];
    starts.forEach((start, i) => {
      const byInstance = (results[i]?.[1] ?? {}) as Record<string, string>;
      const parts = Object.values(byInstance).map((json) => JSON.parse(json) as BucketJson);
      if (parts.length > 0) buckets.push(mergeBuckets(start, parts));
    });
    const startedScores =
      live.length > 0
        ? await this.#redis.zmscore(this.#key('started'), ...live)
        : [String(this.window.startedAt)];
    const coveredSince = Math.min(
      ...startedScores.map((s) => (s === null ? this.window.startedAt : Number(s))),
    );
    return { buckets, instances: live.length, coveredSince };
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'ready') {
      await this.#redis.zrem(this.#key('live'), this.instanceId).catch(() => {});
      await this.#redis.quit().catch(() => {});
    } else this.#redis.disconnect();
  }
}

function addCell(into: Cell, [n, c4, c5, sketch]: CellJson): void {
  into.n += n;
  into.c4 += c4;
  into.c5 += c5;
  mergeSketchJson(into.sketch, sketch);
}

/** The same bucket of several instances, as one. */
function mergeBuckets(start: number, parts: BucketJson[]): Bucket {
  const bucket: Bucket = { start, overall: newCell(), keys: new Map(), counters: zeroCounters() };
  for (const part of parts) {
    addCell(bucket.overall, part.overall);
    for (const [key, cell] of Object.entries(part.keys)) {
      let into = bucket.keys.get(key);
      if (!into) {
        into = newCell();
        bucket.keys.set(key, into);
      }
      addCell(into, cell);
    }
    for (const name of counterNames) bucket.counters[name] += part.counters[name] ?? 0;
  }
  return bucket;
}
