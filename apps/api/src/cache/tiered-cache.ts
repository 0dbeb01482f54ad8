import type { IntakeMetrics } from '../observability/metrics.js';
import type { Cache, CacheKey, CacheRegion, RegionOptions } from './cache.js';
import { MemoryTier } from './memory-tier.js';
import type { RedisLookup, RedisTier } from './redis-tier.js';
import { jitteredTtlMs } from './ttl-jitter.js';

export interface TieredCacheOptions {
  /** Undefined: no in-process tier (CACHE_MEMORY_MAX_ENTRIES=0). */
  memory: MemoryTier | undefined;
  /** Undefined: no REDIS_URL, one process, the memory tier alone. */
  redis: RedisTier | undefined;
  memoryTtlMs: number;
  redisTtlMs: number;
  jitterPercent: number;
  metrics?: IntakeMetrics | undefined;
}

/** One load in progress for a key; `stale` once its group was invalidated meanwhile. */
interface Flight {
  promise: Promise<unknown>;
  stale: boolean;
}

/**
 * Memory first, then Redis, then the loader (the database). One load per key at a time in
 * this process (later callers share it); a load overtaken by an invalidation of its group is
 * returned to its callers but not kept, since it may have read the data before the write.
 * When Redis is configured but unhealthy, both tiers are skipped: the memory tier cannot hear
 * other processes' invalidations then, so every read goes to the database (counted as bypass).
 */
export class TieredCache implements Cache {
  readonly #options: TieredCacheOptions;
  readonly #inflight = new Map<string, Flight>();

  constructor(options: TieredCacheOptions) {
    this.#options = options;
    options.redis?.listen({
      peerInvalidated: (scope, group) => {
        this.#drop(scope, group);
        options.metrics?.cacheInvalidations.inc({ origin: 'peer' });
      },
      flushed: () => this.#flush(),
    });
  }

  region<T>(name: string, options: RegionOptions<T> = {}): CacheRegion<T> {
    const keep = options.keep ?? (() => true);
    return { getOrLoad: (key, load) => this.#get(name, key, load, keep) };
  }

  async invalidate(scope: string, group: string): Promise<void> {
    // Redis first: a read between the two steps finds the new generation, so nothing read
    // before the write can be put back into memory after the local drop.
    await this.#options.redis?.invalidate(scope, group);
    this.#drop(scope, group);
    this.#options.metrics?.cacheInvalidations.inc({ origin: 'local' });
  }

  async close(): Promise<void> {
    await this.#options.redis?.close();
    this.#flush();
  }

  #get<T>(region: string, key: CacheKey, load: () => Promise<T>, keep: (v: T) => boolean) {
    const { memory, redis, metrics } = this.#options;
    const usable = !redis || redis.healthy();
    const memoryKey = MemoryTier.keyOf(region, key);
    if (memory && usable) {
      const entry = memory.get(memoryKey);
      if (entry) {
        metrics?.cacheHits.inc({ cache: region, tier: 'memory' });
        return Promise.resolve(entry.value as T);
      }
      metrics?.cacheMisses.inc({ cache: region, tier: 'memory' });
    }
    const running = this.#inflight.get(memoryKey);
    if (running) return running.promise as Promise<T>;
    const flight: Flight = { promise: Promise.resolve(), stale: false };
    flight.promise = this.#fill(region, key, memoryKey, load, keep, flight, usable).finally(() => {
      if (this.#inflight.get(memoryKey) === flight) this.#inflight.delete(memoryKey);
    });
    this.#inflight.set(memoryKey, flight);
    return flight.promise as Promise<T>;
  }

  async #fill<T>(
    region: string,
    key: CacheKey,
    memoryKey: string,
    load: () => Promise<T>,
    keep: (v: T) => boolean,
    flight: Flight,
    usable: boolean,
  ): Promise<T> {
    const { redis, metrics } = this.#options;
    let lookup: RedisLookup | undefined;
    if (redis) {
      lookup = usable ? await redis.lookup(region, key) : { kind: 'unavailable' };
      if (lookup.kind === 'hit') {
        metrics?.cacheHits.inc({ cache: region, tier: 'redis' });
        const value = JSON.parse(lookup.json) as T;
        this.#remember(flight, memoryKey, value, lookup.json.length);
        return value;
      }
      if (lookup.kind === 'miss') metrics?.cacheMisses.inc({ cache: region, tier: 'redis' });
      else metrics?.cacheBypass.inc({ cache: region, reason: 'redis_unavailable' });
    }
    metrics?.cacheLoads.inc({ cache: region });
    const value = await load();
    if (value === undefined || !keep(value) || flight.stale || lookup?.kind === 'unavailable')
      return value;
    const json = JSON.stringify(value);
    if (lookup?.kind === 'miss')
      lookup.store(json, jitteredTtlMs(this.#options.redisTtlMs, this.#options.jitterPercent));
    this.#remember(flight, memoryKey, value, json.length);
    return value;
  }

  #remember(flight: Flight, memoryKey: string, value: unknown, size: number): void {
    const { memory, redis } = this.#options;
    if (!memory || flight.stale || (redis && !redis.healthy())) return;
    memory.set(
      memoryKey,
      value,
      size,
      jitteredTtlMs(this.#options.memoryTtlMs, this.#options.jitterPercent),
    );
  }

  /** Forgets a group here: memory entries, and loads in flight (not kept, not joined). */
  #drop(scope: string, group: string): void {
    this.#options.memory?.deleteGroup(scope, group);
    const prefix = MemoryTier.groupPrefix(scope, group);
    for (const [key, flight] of this.#inflight) {
      if (!key.startsWith(prefix)) continue;
      flight.stale = true;
      this.#inflight.delete(key);
    }
  }

  #flush(): void {
    this.#options.memory?.clear();
    for (const flight of this.#inflight.values()) flight.stale = true;
    this.#inflight.clear();
  }
}
