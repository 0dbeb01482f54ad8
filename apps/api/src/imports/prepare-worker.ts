// The prepare worker's entry (see prepared-batches.ts): reads the CSV from chunks the job sends
// on request, and posts each batch mapped, validated and encoded, at most BATCHES_AHEAD ahead.
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv } from '@intake/csv';
import { getDataset } from '@intake/schema';
import { BatchBuilder, batchPlan } from './prepare-batch.js';
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
/**
 * Most rows the reader hands over at a time; a batch (`csv.batchSize` lines, one transaction) is
 * built from several. Small enough that a slice's strings die in the young generation.
 */
const SLICE_ROWS = 500;
/** The largest slice that divides the batch, so that batches keep their exact size. */
const sliceFor = (batchLines: number) => {
  for (let size = Math.min(SLICE_ROWS, batchLines); size > 1; size--) {
    if (batchLines % size === 0) return size;
  }
  return 1;
};

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

const batchLines = job.csv.batchSize ?? 5000;
const builder = new BatchBuilder(plan, batchLines);
const send = async () => {
  await until(() => credits > 0);
  credits -= 1;
  post({ type: 'batch', batch: builder.finish() });
};

try {
  let sent = false;
  const slices = readCsv(fileChunks(), { ...job.csv, batchSize: sliceFor(batchLines) });
  for await (const slice of slices) {
    builder.add(slice);
    if (builder.lines >= batchLines) {
      await send();
      sent = true;
    }
  }
  // The last lines; or, for a file of no rows, an empty batch that still carries the headers.
  if (builder.lines > 0 || !sent) await send();
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
