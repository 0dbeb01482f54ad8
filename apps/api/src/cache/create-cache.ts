import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { IntakeMetrics } from '../observability/metrics.js';
import type { Cache } from './cache.js';
import { MemoryTier } from './memory-tier.js';
import { RedisTier } from './redis-tier.js';
import { TieredCache } from './tiered-cache.js';

/** CACHE_ENABLED=false: every read goes to the database (to measure, or to rule the cache out). */
const noCache: Cache = {
  region: () => ({ getOrLoad: (_key, load) => load() }),
  invalidate: async () => {},
  close: async () => {},
};

/**
 * The cache for a config: memory alone without REDIS_URL (one process), memory in front of
 * Redis with it (several processes, invalidations through Redis pub/sub).
 */
export function createCache(deps: {
  config: Config;
  log: Logger;
  metrics?: IntakeMetrics | undefined;
}): Cache {
  const { config, metrics } = deps;
  const c = config.cache;
  if (!c.enabled) return noCache;
  const memory =
    c.memoryMaxEntries > 0
      ? new MemoryTier({
          maxEntries: c.memoryMaxEntries,
          maxBytes: c.memoryMaxBytes,
          ttlMs: c.memoryTtlSeconds * 1000,
        })
      : undefined;
  const redis = config.redisUrl
    ? new RedisTier({
        url: config.redisUrl,
        prefix: config.redisPrefix,
        timeoutMs: c.redisTimeoutMs,
        valueTtlMs: c.redisTtlSeconds * 1000,
        log: deps.log.child({ component: 'cache' }),
        onAvailability: (up) => metrics?.cacheRedisUp.set(up ? 1 : 0),
      })
    : undefined;
  return new TieredCache({
    memory,
    redis,
    memoryTtlMs: c.memoryTtlSeconds * 1000,
    redisTtlMs: c.redisTtlSeconds * 1000,
    jitterPercent: c.ttlJitterPercent,
    metrics,
  });
}
