import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { trpcClient } from './clients.js';

type Client = ReturnType<typeof trpcClient>;

/** Polls until the import has written at least `rows` rows (or ended); returns rows written. */
export async function waitForRows(
  client: Client,
  id: string,
  rows: number,
  ms = 20_000,
): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const detail = await client.imports.get.query({ id });
    const done = detail.progress?.rowsDone ?? 0;
    if (done >= rows || !['queued', 'running'].includes(detail.status) || Date.now() > deadline)
      return done;
    // 40 polls a second at most: under the API's default read limit (50 per second per client),
    // which a fast import made this loop exceed (429) when it polled every 5 ms.
    await sleep(25);
  }
}

/** Polls until the import is no longer queued or running; returns its final state. */
export async function waitForEnd(client: Client, id: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const detail = await client.imports.get.query({ id });
    if (!['queued', 'running'].includes(detail.status) || Date.now() > deadline) return detail;
    await sleep(50);
  }
}

/**
 * Waits for an import of `rows` valid orders to end and checks what a user sees after a crash
 * or a stop: it succeeded with every row counted once, and the dataset holds `datasetRows`.
 */
export async function expectImportedOnce(
  client: Client,
  id: string,
  rows: number,
  opts: { ms?: number; datasetRows?: number } = {},
) {
  const detail = await waitForEnd(client, id, opts.ms);
  expect(detail).toMatchObject({ status: 'succeeded', accepted: rows, rejected: 0, duplicates: 0 });
  expect(detail.progress?.rowsDone).toBe(rows);
  const datasets = await client.datasets.list.query();
  expect(datasets.items.find((d) => d.name === 'orders')?.rowCount).toBe(opts.datasetRows ?? rows);
}
