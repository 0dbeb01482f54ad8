import { setTimeout as sleep } from 'node:timers/promises';
import type { AppRouter } from '@intake/api';
import type { inferRouterOutputs } from '@trpc/server';
import { type ApiClient, toCliError } from './api-client.js';
import { CliError, EXIT } from './exit-codes.js';
import { formatBytes, formatCount, formatDuration } from './format.js';
import type { Ui } from './ui.js';

export type ImportState = Omit<inferRouterOutputs<AppRouter>['imports']['get'], 'rejections'>;

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
/** A few seconds of blips (a server restart) are ridden out; the job goes on meanwhile. */
const MAX_MISSED_POLLS = 20;

/**
 * Polls imports.get about every 500 ms until the import ends, drawing its progress. When
 * `cancel` fires (Ctrl-C), asks the server to cancel once and keeps polling for the outcome.
 */
export async function watchImport(
  client: ApiClient,
  ui: Ui,
  id: string,
  cancel: AbortSignal,
  everyMs = 500,
): Promise<ImportState> {
  const bar = ui.progress('import   ');
  let cancelSent = false;
  let missed = 0;
  for (;;) {
    if (cancel.aborted && !cancelSent) {
      cancelSent = true;
      bar.finish();
      ui.note(`Cancelling import ${id} (batches already written are kept)...`);
      await client.imports.cancel.mutate({ id }).catch(() => {
        // Already finished, or unreachable: the next poll tells which.
      });
    }
    let state: ImportState;
    try {
      const { rejections: _all, ...summary } = await client.imports.get.query({ id });
      state = summary;
      missed = 0;
    } catch (error) {
      const err = toCliError(error, `Watching import ${id}`);
      if (err.exitCode !== EXIT.network || ++missed > MAX_MISSED_POLLS) {
        bar.finish();
        throw new CliError(
          err.exitCode,
          `${err.message}. The import goes on on the server: intake imports list`,
          err.code,
        );
      }
      await sleep(everyMs);
      continue;
    }
    if (FINAL.has(state.status)) {
      bar.finish();
      return state;
    }
    const p = state.progress;
    if (p) {
      const detail = `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${formatCount(p.rowsDone)} rows  ${formatCount(Math.round(p.rowsPerSecond))} rows/s  ETA ${formatDuration(p.etaSeconds)}  ${state.status}`;
      bar.update(p.bytesTotal ? p.bytesDone / p.bytesTotal : null, detail);
    } else {
      bar.update(null, state.status);
    }
    await sleep(everyMs);
  }
}
