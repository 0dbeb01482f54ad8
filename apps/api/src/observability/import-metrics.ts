import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { IntakeMetrics } from './metrics.js';

const terminal = new Set(['succeeded', 'failed', 'cancelled']);

/** Reads what the file-import job metrics need from the import's row. */
export function importRowReader(db: Kysely<Database>) {
  return (importId: string) =>
    db
      .selectFrom('imports')
      .select([
        'status',
        'dataset',
        'accepted',
        'rejected',
        'started_at',
        'finished_at',
        'request_id',
      ])
      .where('id', '=', importId)
      .executeTakeFirst();
}

type ImportRow = NonNullable<Awaited<ReturnType<ReturnType<typeof importRowReader>>>>;

/**
 * Counts an import once, when it reaches a final status: rows accepted/rejected by dataset, the
 * import's wall time and its status. Called after each job attempt; `statusBefore` keeps a
 * re-run of an already finished import from counting it twice.
 */
export function recordFinishedImport(
  metrics: IntakeMetrics,
  row: ImportRow | undefined,
  statusBefore: string | undefined,
  source: 'file' | 'rows',
): void {
  if (!row || !terminal.has(row.status) || (statusBefore && terminal.has(statusBefore))) return;
  metrics.imports.inc({ source, status: row.status });
  metrics.importRows.inc({ dataset: row.dataset, outcome: 'accepted' }, Number(row.accepted));
  metrics.importRows.inc({ dataset: row.dataset, outcome: 'rejected' }, Number(row.rejected));
  if (row.started_at && row.finished_at) {
    const seconds =
      (new Date(row.finished_at).getTime() - new Date(row.started_at).getTime()) / 1000;
    metrics.importDuration.observe({ source, status: row.status }, Math.max(0, seconds));
  }
}
