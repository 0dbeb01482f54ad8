/**
 * The cache seam for hot reads. Values are grouped so that one write can invalidate everything
 * it affects at once (all pages and counts of a dataset, one session), and every key has a
 * scope (the workspace once workspaces exist) so that one tenant's writes never reach another's
 * entries. Design and failure behaviour: ./README.md.
 */
export interface CacheKey {
  /** Whose data: the workspace id once workspaces exist, DEFAULT_SCOPE until then. */
  scope: string;
  /** What one write invalidates at once, e.g. `dataset:orders` (see keys.ts). */
  group: string;
  /** The value within the group, e.g. a page's cursor, limit and search. */
  id: string;
}

/** The one scope used until data is scoped by workspace. */
export const DEFAULT_SCOPE = 'global';

export interface CacheRegion<T> {
  /**
   * The cached value, or `load()`'s result (cached when `keep` allows it). One load per key
   * runs at a time in a process: concurrent callers of a cold key share it. Values are shared
   * between callers and must not be mutated. `undefined` is never cached (JSON has no form
   * for it), so a lookup that finds nothing is read again next time.
   */
  getOrLoad(key: CacheKey, load: () => Promise<T>): Promise<T>;
}

export interface RegionOptions<T> {
  /** Whether a loaded value may be cached (e.g. only finished imports, which no longer change). */
  keep?: (value: T) => boolean;
}

export interface Cache {
  /** A typed view for one kind of value; `name` labels its metrics (a fixed set, never ids). */
  region<T>(name: string, options?: RegionOptions<T>): CacheRegion<T>;
  /**
   * Forgets every value of a group in this process and, with Redis, in every process. Call it
   * after the write has committed: a read that loads before the commit is then not kept.
   */
  invalidate(scope: string, group: string): Promise<void>;
  close(): Promise<void>;
}
