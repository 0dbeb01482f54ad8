import type { Dispatcher } from 'undici';
import { createDispatcher, type DispatcherOptions } from './dispatcher.js';

/**
 * The client's connection pools. undici fixes the connect timeout per Agent, so a call that
 * overrides `timeout.connect` gets a lazily made Agent for that value (its own sockets); every
 * other call shares the default one.
 */
export class Pools {
  readonly #options: DispatcherOptions;
  readonly #default: Dispatcher;
  readonly #byConnectTimeout = new Map<number, Dispatcher>();

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.#default = createDispatcher(options);
  }

  for(connectTimeoutMs: number): Dispatcher {
    if (connectTimeoutMs === this.#options.connectTimeoutMs) return this.#default;
    let dispatcher = this.#byConnectTimeout.get(connectTimeoutMs);
    if (!dispatcher) {
      dispatcher = createDispatcher({ ...this.#options, connectTimeoutMs, announce: false });
      this.#byConnectTimeout.set(connectTimeoutMs, dispatcher);
    }
    return dispatcher;
  }

  async close(): Promise<void> {
    await Promise.all([this.#default, ...this.#byConnectTimeout.values()].map((d) => d.close()));
  }
}
