import { LRUCache } from 'lru-cache';
import type { CacheKey } from './cache.js';

export interface MemoryTierOptions {
  maxEntries: number;
  /** Bound on the JSON size of all values together. */
  maxBytes: number;
  ttlMs: number;
}

interface Entry {
  value: unknown;
}

/**
 * The in-process tier: an LRU bounded by entries and bytes, each entry with its own (jittered)
 * TTL. Keys start with scope and group, so a group is dropped by one pass over the keys (a few
 * thousand string compares, once per write).
 */
export class MemoryTier {
  readonly #lru: LRUCache<string, Entry>;

  constructor(options: MemoryTierOptions) {
    this.#lru = new LRUCache<string, Entry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      ttl: options.ttlMs,
      // An expired entry is a miss; no timers per entry.
      ttlAutopurge: false,
    });
  }

  static keyOf(region: string, key: CacheKey): string {
    return `${MemoryTier.groupPrefix(key.scope, key.group)}${region}\u0000${key.id}`;
  }

  static groupPrefix(scope: string, group: string): string {
    return `${scope}\u0000${group}\u0000`;
  }

  /** `{ value }` on a hit (the value itself may be null), undefined on a miss. */
  get(memoryKey: string): Entry | undefined {
    return this.#lru.get(memoryKey);
  }

  set(memoryKey: string, value: unknown, sizeBytes: number, ttlMs: number): void {
    this.#lru.set(memoryKey, { value }, { size: Math.max(1, sizeBytes), ttl: ttlMs });
  }

  deleteGroup(scope: string, group: string): void {
    const prefix = MemoryTier.groupPrefix(scope, group);
    for (const key of [...this.#lru.keys()]) if (key.startsWith(prefix)) this.#lru.delete(key);
  }

  clear(): void {
    this.#lru.clear();
  }
}
