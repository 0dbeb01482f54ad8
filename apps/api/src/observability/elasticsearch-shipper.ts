import { createRequire } from 'node:module';
import { Client } from '@elastic/elasticsearch';
import type { DestinationStream, Options } from 'pino-elasticsearch';
import type { IntakeMetrics } from './metrics.js';

// pino-elasticsearch is CommonJS and its typings omit the second argument (the client class).
type CreateStream = (options: Options, deps: { Client: new () => Client }) => DestinationStream;
const pinoElasticsearch = createRequire(import.meta.url)('pino-elasticsearch') as CreateStream;

export const LOG_DATA_STREAM = 'logs-intake-default';

export interface ShipperOptions {
  url: string;
  /** Log lines held while Elasticsearch is slow or down; past it the oldest are dropped. */
  bufferLimit: number;
  flushMs: number;
  metrics: IntakeMetrics | undefined;
  /** Where the shipper reports its own trouble (never through the logger it ships for). */
  warn: (message: string) => void;
}

type Outcome = { ok: true; refused: number } | { ok: false; error: Error };

/**
 * Ships log lines to the `logs-intake-default` data stream through pino-elasticsearch, off the
 * request path: `write` only appends to a bounded in-memory buffer. Every `flushMs` one batch goes
 * out as one `_bulk` request (op_type `create`, as data streams require), through a short-lived
 * pino-elasticsearch stream over one shared client. One stream per batch because its bulk helper
 * gives up for good after a connection error and reports successes only at the end: per batch we
 * know exactly what was delivered, retry what was not, and count what is dropped.
 */
export class ElasticsearchShipper {
  readonly #options: ShipperOptions;
  readonly #client: Client;
  #buffer: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> | undefined;
  #failures = 0;
  #closed = false;
  #dropped = 0;
  #shipped = 0;

  constructor(options: ShipperOptions) {
    this.#options = options;
    this.#client = new Client({ node: options.url, requestTimeout: 10_000, maxRetries: 1 });
    this.#schedule(options.flushMs);
  }

  /** A pino destination: one serialized line per call. */
  write(line: string): boolean {
    if (this.#closed) return true;
    if (this.#buffer.length >= this.#options.bufferLimit) {
      // Keep the newest lines: they are the ones an operator looks at during an outage.
      this.#buffer.shift();
      this.#drop('buffer_full', 1);
    }
    this.#buffer.push(line);
    this.#options.metrics?.logShippingBuffered.set(this.#buffer.length);
    return true;
  }

  get stats() {
    return { buffered: this.#buffer.length, dropped: this.#dropped, shipped: this.#shipped };
  }

  /** Sends what is buffered now (one attempt) and waits for it. */
  async flush(): Promise<void> {
    await this.#sending;
    this.#sending = this.#sendBatch();
    await this.#sending;
  }

  /** Stops the timer, tries a last flush within `deadlineMs`, then closes the client. */
  async close(deadlineMs = 2000): Promise<void> {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    const last = this.flush();
    this.#closed = true;
    await Promise.race([last, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
    if (this.#buffer.length > 0) this.#drop('shutdown', this.#buffer.length);
    this.#buffer = [];
    await this.#client.close();
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#sending = this.#sendBatch().finally(() => {
        // Back off while Elasticsearch fails: 1, 2, 4 .. 30 flush intervals at most.
        const factor = Math.min(30, 2 ** this.#failures);
        this.#schedule(this.#failures > 0 ? this.#options.flushMs * factor : this.#options.flushMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #sendBatch(): Promise<void> {
    const batch = this.#buffer.splice(0, 5000);
    this.#options.metrics?.logShippingBuffered.set(this.#buffer.length);
    if (batch.length === 0) return;
    const outcome = await this.#bulk(batch);
    if (outcome.ok) {
      this.#failures = 0;
      this.#shipped += batch.length - outcome.refused;
      if (outcome.refused > 0) this.#drop('refused', outcome.refused);
      return;
    }
    this.#failures += 1;
    if (this.#failures === 1) this.#options.warn(`log shipping failed: ${outcome.error.message}`);
    // Put the batch back in front, keeping the buffer bounded.
    const room = Math.max(0, this.#options.bufferLimit - this.#buffer.length);
    const kept = batch.slice(Math.max(0, batch.length - room));
    if (kept.length < batch.length) this.#drop('buffer_full', batch.length - kept.length);
    this.#buffer = [...kept, ...this.#buffer];
    this.#options.metrics?.logShippingBuffered.set(this.#buffer.length);
  }

  #bulk(lines: string[]): Promise<Outcome> {
    const client = this.#client;
    // pino-elasticsearch would build a client per stream; a constructor returning ours shares one.
    const stream = pinoElasticsearch(
      {
        index: LOG_DATA_STREAM,
        opType: 'create',
        esVersion: 8,
        flushBytes: 64 * 1024 * 1024,
        flushInterval: 60_000,
      },
      {
        Client: function SharedClient() {
          return client;
        } as unknown as new () => Client,
      },
    );
    return new Promise<Outcome>((resolve) => {
      let refused = 0;
      stream.on('insertError', () => {
        refused += 1;
      });
      stream.on('insert', () => resolve({ ok: true, refused }));
      stream.on('error', (error: Error) => resolve({ ok: false, error }));
      for (const line of lines) stream.write(line.endsWith('\n') ? line : `${line}\n`);
      stream.end();
    });
  }

  #drop(reason: 'buffer_full' | 'refused' | 'shutdown', count: number): void {
    this.#dropped += count;
    this.#options.metrics?.logShippingDropped.inc({ reason }, count);
  }
}
