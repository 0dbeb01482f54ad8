// The prepare worker's entry (see prepared-batches.ts): reads the CSV from chunks the job sends
// on request, and posts each batch mapped, validated and encoded, at most BATCHES_AHEAD ahead.
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv } from '@intake/csv';
import { getDataset } from '@intake/schema';
import { batchPlan, prepareBatch } from './prepare-batch.js';
import {
  BATCHES_AHEAD,
  type FromWorker,
  type PrepareJob,
  type ToWorker,
} from './prepared-batches.js';

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs as a worker thread only');
const job = workerData as PrepareJob;
const plan = batchPlan(getDataset(job.dataset), job.mapping, job.target);

const chunks: (Uint8Array | null)[] = [];
let credits = BATCHES_AHEAD;
let wake: (() => void) | undefined;
port.on('message', (message: ToWorker) => {
  if (message.type === 'chunk') chunks.push(message.bytes);
  else if (message.type === 'end') chunks.push(null);
  else credits += 1;
  wake?.();
});
const post = (message: FromWorker) =>
  // A batch's COPY data moves to the job thread without a copy.
  port.postMessage(message, message.type === 'batch' ? [message.batch.copy.buffer] : []);
const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise<void>((resolve) => (wake = resolve));
};

/**
 * Chunks asked for but not used yet. The job thread answers between its own work, which with
 * PGlite includes the database: asking ahead keeps this thread busy through a long statement
 * there instead of waiting for its next chunk (bench/import).
 */
const CHUNKS_AHEAD = 2;

async function* fileChunks(): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < CHUNKS_AHEAD; i++) post({ type: 'pull' });
  for (;;) {
    await until(() => chunks.length > 0);
    const chunk = chunks.shift();
    if (!chunk) return;
    post({ type: 'pull' });
    yield chunk;
  }
}

try {
  for await (const batch of readCsv(fileChunks(), job.csv)) {
    await until(() => credits > 0);
    credits -= 1;
    post({ type: 'batch', batch: prepareBatch(batch, plan) });
  }
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
