// The prepare worker's entry (see prepared-batches.ts): reads the CSV from chunks the job sends
// on request, and posts each batch mapped, validated and encoded, at most BATCHES_AHEAD ahead.
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv } from '@intake/csv';
import { getDataset } from '@intake/schema';
import { prepareBatch } from './prepare-batch.js';
import {
  BATCHES_AHEAD,
  type FromWorker,
  type PrepareJob,
  type ToWorker,
} from './prepared-batches.js';

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs as a worker thread only');
const job = workerData as PrepareJob;
const dataset = getDataset(job.dataset);

const chunks: (Uint8Array | null)[] = [];
let credits = BATCHES_AHEAD;
let wake: (() => void) | undefined;
port.on('message', (message: ToWorker) => {
  if (message.type === 'chunk') chunks.push(message.bytes);
  else if (message.type === 'end') chunks.push(null);
  else credits += 1;
  wake?.();
});
const post = (message: FromWorker) => port.postMessage(message);
const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise<void>((resolve) => (wake = resolve));
};

async function* fileChunks(): AsyncGenerator<Uint8Array> {
  for (;;) {
    post({ type: 'pull' });
    await until(() => chunks.length > 0);
    const chunk = chunks.shift();
    if (!chunk) return;
    yield chunk;
  }
}

try {
  for await (const batch of readCsv(fileChunks(), job.csv)) {
    await until(() => credits > 0);
    credits -= 1;
    post({ type: 'batch', batch: prepareBatch(batch, dataset, job.mapping, job.target) });
  }
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
