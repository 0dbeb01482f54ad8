import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CacheKey } from './cache.js';

export type RedisLookup =
  | { kind: 'hit'; json: string }
  | { kind: 'miss'; store(json: string, ttlMs: number): void }
  | { kind: 'unavailable' };

export interface RedisTierListener {
  /** Another process invalidated a group: drop it from this process's memory. */
  peerInvalidated(scope: string, group: string): void;
  /** Invalidations may have been missed (connection lost, or a write not announced): drop all. */
  flushed(): void;
}

export interface RedisTierOptions {
  url: string;
  /** REDIS_PREFIX: several installs can share one Redis. */
  prefix: string;
  /** A lookup slower than this is answered from the database instead. */
  timeoutMs: number;
  /** Longest TTL of a value; generation counters outlive it (see invalidate). */
  valueTtlMs: number;
  log: Logger;
  /** Told when Redis becomes usable (true) or not (false), for the metrics gauge. */
  onAvailability?: (up: boolean) => void;
}

type Message = { o: string; s: string; g: string } | { o: string; flush: true };

/**
 * The shared tier. Each value is stored with the version it was loaded at, `epoch:generation`:
 * a write INCRs the group's generation (and publishes it, so other processes drop their memory
 * copies), after which every value of the group stored before no longer matches and is a miss.
 * A load that raced the write stores its value under the old version, where no reader looks.
 *
 * Reads never wait for a missing Redis: commands are not queued while disconnected
 * (enableOfflineQueue: false) and time out after `timeoutMs`; the caller then reads the
 * database. While the connection or the subscription is down this tier says it is unhealthy,
 * and the memory tier above is not trusted either (it cannot hear invalidations). When both are
 * back, this process bumps the global epoch before the cache is used again: writes made while
 * Redis was unreachable were not announced, and a Redis restored from a snapshot may hold old
 * generations, so every value stored before the outage is abandoned.
 */
export class RedisTier {
  readonly #origin = randomUUID();
  readonly #commands: Redis;
  readonly #subscriber: Redis;
  readonly #channel: string;
  readonly #epochKey: string;
  readonly #keyPrefix: string;
  readonly #generationTtlMs: number;
  readonly #log: Logger;
  readonly #onAvailability: ((up: boolean) => void) | undefined;
  #listener: RedisTierListener | undefined;
  #subscribed = false;
  /** Something may have been missed: bump the epoch before trusting any tier again. */
  #needsFlush = false;
  #recovering: Promise<void> | undefined;
  #lastRecoveryAt = 0;
  #state: 'starting' | 'up' | 'down' = 'starting';
  #closed = false;

  constructor(options: RedisTierOptions) {
    this.#keyPrefix = `${options.prefix}:cache`;
    this.#channel = `${this.#keyPrefix}:invalidate`;
    this.#epochKey = `${this.#keyPrefix}:epoch`;
    // A value can be stored a little after its generation was read; the counter must outlive
    // every value stored under it, or an expired counter would start again at a used number.
    this.#generationTtlMs = 2 * options.valueTtlMs + 60_000;
    this.#log = options.log;
    this.#onAvailability = options.onAvailability;
    const common = {
      // Reconnect forever, backing off to one attempt every 2 s.
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      connectTimeout: 2000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    };
    this.#commands = new Redis(options.url, { ...common, commandTimeout: options.timeoutMs });
    this.#subscriber = new Redis(options.url, { ...common, autoResubscribe: false });

    this.#commands.on('ready', () => this.#kick());
    this.#subscriber.on('ready', () => {
      this.#subscriber.subscribe(this.#channel).then(
        () => {
          this.#subscribed = true;
          this.#kick();
        },
        (err: unknown) => this.#down(err),
      );
    });
    for (const connection of [this.#commands, this.#subscriber]) {
      connection.on('close', () => this.#lost());
      // ioredis reconnects by itself; without a listener an 'error' event would end the process.
      connection.on('error', (err: unknown) => this.#down(err));
    }
    this.#subscriber.on('message', (_channel: string, text: string) => this.#received(text));
  }

  listen(listener: RedisTierListener): void {
    this.#listener = listener;
  }

  /** Whether values may be read from and written to the cache now. */
  healthy(): boolean {
    return this.#commands.status === 'ready' && this.#subscribed && !this.#needsFlush;
  }

  async lookup(region: string, key: CacheKey): Promise<RedisLookup> {
    if (!this.healthy()) {
      this.#kick();
      return { kind: 'unavailable' };
    }
    const valueKey = this.#valueKey(region, key);
    try {
      const [epoch, generation, stored] = await this.#commands.mget(
        this.#epochKey,
        this.#generationKey(key.scope, key.group),
        valueKey,
      );
      const version = `${epoch ?? 0}:${generation ?? 0}:`;
      this.#up();
      if (stored?.startsWith(version)) return { kind: 'hit', json: stored.slice(version.length) };
      return {
        kind: 'miss',
        store: (json, ttlMs) => {
          if (!this.healthy()) return;
          this.#commands
            .set(valueKey, `${version}${json}`, 'PX', ttlMs)
            .catch((err: unknown) => this.#down(err));
        },
      };
    } catch (err) {
      this.#down(err);
      return { kind: 'unavailable' };
    }
  }

  /** Bumps the group's generation and tells the other processes; never throws. */
  async invalidate(scope: string, group: string): Promise<void> {
    const key = this.#generationKey(scope, group);
    const message: Message = { o: this.#origin, s: scope, g: group };
    try {
      if (this.#commands.status !== 'ready') throw new Error('Redis is not connected');
      const results = await this.#commands
        .multi()
        .incr(key)
        .pexpire(key, this.#generationTtlMs)
        .publish(this.#channel, JSON.stringify(message))
        .exec();
      const failed = results?.find(([err]) => err)?.[0];
      if (!results || failed) throw failed ?? new Error('transaction aborted');
    } catch (err) {
      // Other processes may keep the old value until this one reconnects and bumps the epoch.
      this.#needsFlush = true;
      this.#down(err);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      [this.#commands, this.#subscriber].map((c) =>
        c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect(),
      ),
    );
  }

  #valueKey(region: string, key: CacheKey): string {
    const name = JSON.stringify([key.scope, key.group, region, key.id]);
    // Search texts can be long; Redis keys stay short and still unique.
    return `${this.#keyPrefix}:v:${name.length > 200 ? createHash('sha256').update(name).digest('base64url') : name}`;
  }

  #generationKey(scope: string, group: string): string {
    return `${this.#keyPrefix}:gen:${JSON.stringify([scope, group])}`;
  }

  #received(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.o === this.#origin) return;
    if ('flush' in message) this.#listener?.flushed();
    else this.#listener?.peerInvalidated(message.s, message.g);
  }

  /** A connection closed: invalidations may be missed from now on. */
  #lost(): void {
    if (this.#closed) return;
    this.#subscribed = this.#subscriber.status === 'ready' && this.#subscribed;
    if (this.#state === 'starting' && !this.#needsFlush && this.#commands.status !== 'ready') {
      // Never connected yet: nothing was cached, nothing to abandon.
      this.#down(new Error('Redis is not reachable'));
      return;
    }
    this.#needsFlush = true;
    this.#listener?.flushed();
    this.#down(new Error('connection to Redis lost'));
  }

  /** Both connections ready: bump the epoch if something may have been missed, then go up. */
  #kick(): void {
    if (this.#closed || this.#commands.status !== 'ready' || !this.#subscribed) return;
    if (!this.#needsFlush) {
      this.#up();
      return;
    }
    // At most one attempt a second while Redis answers but fails (e.g. times out).
    if (this.#recovering || Date.now() - this.#lastRecoveryAt < 1000) return;
    this.#lastRecoveryAt = Date.now();
    this.#recovering = this.#recover().finally(() => {
      this.#recovering = undefined;
    });
  }

  async #recover(): Promise<void> {
    const message: Message = { o: this.#origin, flush: true };
    try {
      const results = await this.#commands
        .multi()
        .incr(this.#epochKey)
        .publish(this.#channel, JSON.stringify(message))
        .exec();
      if (!results || results.some(([err]) => err)) throw new Error('epoch bump failed');
      this.#needsFlush = false;
      this.#listener?.flushed();
      this.#up();
    } catch (err) {
      this.#down(err);
    }
  }

  #up(): void {
    if (this.#state === 'up') return;
    if (this.#state === 'down')
      this.#log.info('cache: Redis is back, the shared cache is used again');
    this.#state = 'up';
    this.#onAvailability?.(true);
  }

  /** Logged once per outage; reads go to the database meanwhile (counted per read). */
  #down(err: unknown): void {
    if (this.#closed || this.#state === 'down') return;
    this.#state = 'down';
    this.#onAvailability?.(false);
    this.#log.warn(
      { err },
      'cache: Redis unavailable, reading from the database until it is back (reconnecting)',
    );
  }
}
