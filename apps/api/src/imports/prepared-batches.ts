import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadCsvOptions } from '@intake/csv';
import type { DatasetName } from '@intake/schema';
import type { LoadTarget } from '../db/dataset-copy.js';
import type { PreparedBatch } from './prepare-batch.js';

/** What the prepare worker needs to turn a file's bytes into batches (structured-cloned). */
export interface PrepareJob {
  dataset: DatasetName;
  mapping: Record<string, string | null>;
  target: LoadTarget;
  csv: ReadCsvOptions;
}

/** Job -> worker. */
export type ToWorker = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' } | { type: 'credit' };
/** Worker -> job. */
export type FromWorker =
  | { type: 'pull' }
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Batches the worker may prepare ahead of the one being written: memory stays bounded. */
export const BATCHES_AHEAD = 2;

// From sources (tests, `pnpm dev`) the worker is TypeScript too: it registers tsx first and
// resolves workspace packages to their sources, as the parent does.
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(`./prepare-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);

/**
 * The worker's young generation: its garbage is per-row strings that die within a slice of
 * rows, so a small one is collected often and cheaply instead of growing the process.
 */
const resourceLimits = { maxYoungGenerationSizeMb: 12 };

function startWorker(job: PrepareJob): Worker {
  if (!fromSources) return new Worker(workerUrl, { workerData: job, resourceLimits });
  // tsx's `tsx/esm/api` export for `import` (require.resolve would give its CommonJS twin).
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => {
    register();
    return import(${JSON.stringify(workerUrl.href)});
  });`;
  return new Worker(boot, {
    eval: true,
    workerData: job,
    resourceLimits,
    execArgv: ['--conditions=@intake/source'],
  });
}

/**
 * The file's batches, parsed, validated and encoded as binary COPY on a worker thread while the
 * job writes earlier ones: with embedded PGlite the database runs on the main thread, and the
 * two used to take turns (bench/import). The worker pulls the file's chunks from `source` (so
 * storage stays behind the UploadStore seam) and works at most BATCHES_AHEAD batches ahead.
 * Leaving the loop early (cancel, stop) ends the worker.
 */
export async function* preparedBatches(
  source: AsyncIterable<Uint8Array>,
  job: PrepareJob,
): AsyncGenerator<PreparedBatch, void, undefined> {
  const worker = startWorker(job);
  const chunks = source[Symbol.asyncIterator]();
  const inbox: FromWorker[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: FromWorker) => {
    inbox.push(message);
    wake?.();
  };
  const send = (message: ToWorker) => {
    // A chunk that is a whole buffer of its own (file streams read into fresh 1 MiB buffers)
    // moves to the worker instead of being copied; a slice of a shared pool is copied.
    const own =
      message.type === 'chunk' &&
      message.bytes.byteOffset === 0 &&
      message.bytes.byteLength === message.bytes.buffer.byteLength &&
      message.bytes.buffer instanceof ArrayBuffer;
    worker.postMessage(message, own ? [message.bytes.buffer as ArrayBuffer] : []);
  };
  worker.on('message', (message: FromWorker) => {
    if (message.type !== 'pull') return deliver(message);
    chunks.next().then(
      (next) => send(next.done ? { type: 'end' } : { type: 'chunk', bytes: next.value }),
      (error: unknown) =>
        deliver({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  worker.on('error', (error) => deliver({ type: 'error', message: error.message }));
  worker.on('exit', (code) => {
    if (code !== 0) deliver({ type: 'error', message: `import worker exited with code ${code}` });
  });
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift() as FromWorker;
      if (message.type === 'done') return;
      if (message.type === 'error') throw new Error(message.message);
      if (message.type === 'batch') {
        yield message.batch;
        send({ type: 'credit' });
      }
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
    await chunks.return?.();
  }
}
