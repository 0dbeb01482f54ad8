import { type Expirable, watch } from './deadline-clock.js';
import type { AbortCause } from './map-error.js';

/** Below this, a deadline gets its own precise timer; above, the shared coarse clock. */
const PRECISE_BELOW_MS = 1_000;

type Listener = () => void;

/**
 * The per-call abort source, fired by the total deadline or by the caller's signal, remembering
 * which so the error says "timed out (total)" or "aborted" truthfully. undici accepts any
 * emitter-like object with `aborted`/`reason`/`on`/`once`/`removeListener` as its `signal`; an
 * AbortController per call cost ~5% of throughput on small keep-alive GETs, an EventEmitter ~1%.
 */
export class Deadline implements Expirable {
  aborted = false;
  settled = false;
  reason: unknown;
  cause: AbortCause;
  readonly expiresAt: number;
  readonly #totalMs: number;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #callerSignal: AbortSignal | undefined;
  // Created only for calls that pass a signal: most do not, and a bound closure per call adds up.
  #onCallerAbort: (() => void) | undefined;

  #listeners: Listener[] | undefined;

  constructor(totalMs: number, callerSignal: AbortSignal | undefined) {
    this.#totalMs = totalMs;
    this.expiresAt = Date.now() + totalMs;
    if (totalMs < PRECISE_BELOW_MS) {
      this.#timer = setTimeout(() => this.expire(), totalMs);
    } else if (Number.isFinite(totalMs)) {
      watch(this);
    }
    this.#callerSignal = callerSignal;
    if (callerSignal) {
      if (callerSignal.aborted) {
        this.#abort('caller', callerSignal.reason);
      } else {
        this.#onCallerAbort = () => this.#abort('caller', callerSignal.reason);
        callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
      }
    }
  }

  on(_event: 'abort', listener: Listener): this {
    this.#listeners ??= [];
    this.#listeners.push(listener);
    return this;
  }

  /** Listeners fire once anyway: a deadline aborts at most once. */
  once(event: 'abort', listener: Listener): this {
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: Listener): this {
    const index = this.#listeners?.indexOf(listener) ?? -1;
    if (index >= 0) this.#listeners?.splice(index, 1);
    return this;
  }

  remainingMs(): number {
    return this.expiresAt - Date.now();
  }

  expire(): void {
    this.#abort('deadline', new Error(`deadline of ${this.#totalMs} ms exceeded`));
  }

  #abort(cause: AbortCause, reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.cause = cause;
    this.reason = reason;
    const listeners = this.#listeners ?? [];
    this.#listeners = undefined;
    for (const listener of listeners) listener();
  }

  clear(): void {
    this.settled = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#onCallerAbort) {
      this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
    }
  }
}
