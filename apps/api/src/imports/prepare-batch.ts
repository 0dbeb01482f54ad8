import { setImmediate } from 'node:timers/promises';
import type { CsvBatch } from '@intake/csv';
import type { Dataset, Rejection } from '@intake/schema';
import { compiledRowCheck } from '@intake/schema/compiled';

type Row = Record<string, string | null>;

/** One CSV batch turned into what its transaction writes: valid rows by key and rejections. */
export interface PreparedBatch {
  batch: CsvBatch;
  /** Valid rows, one per key: a key seen twice in the batch keeps its last row. */
  byKey: Map<string, Row>;
  rejections: Rejection[];
  valid: number;
  duplicatesInBatch: number;
  /** Lines with at least one rejection (a line may fail on several fields). */
  rejectedRows: number;
}

/** Rows validated between two turns of the event loop (see prepareBatch). */
const SLICE_ROWS = 500;

/**
 * Maps and validates a batch. Pure CPU work, so it runs while the previous batch is written, in
 * slices: a whole batch at once (~25 ms for 5,000 rows) kept each answer of that batch's
 * transaction waiting in the socket until it ended, so the database idled instead of writing
 * (bench/import: the API thread was idle a third of a 1M-row import, waiting on statements that
 * could not start).
 */
export async function prepareBatch(
  batch: CsvBatch,
  dataset: Dataset,
  mapping: Record<string, string | null>,
): Promise<PreparedBatch> {
  const positions = new Map(batch.headers.map((h, i) => [h, i]));
  // Resolved once per batch instead of once per row.
  const columns = Object.entries(mapping).flatMap(([column, header]) => {
    const index = header === null ? undefined : positions.get(header);
    return index === undefined ? [] : [[column, index] as const];
  });
  // The same answers as checkRow at a fraction of its cost (bench/import/validation.ts).
  const checkRow = compiledRowCheck(dataset);
  const rejections: Rejection[] = [];
  const byKey = new Map<string, Row>();
  let valid = 0;
  let duplicatesInBatch = 0;
  for (const reject of batch.rejects) {
    rejections.push({
      row: reject.line,
      field: '',
      message: reject.message,
      // Stored in PostgreSQL text, which cannot hold U+0000: shown as `␀`, as checkRow does.
      value: reject.raw.slice(0, 200).replaceAll('\u0000', '\u2400'),
    });
  }
  for (const [n, record] of batch.records.entries()) {
    if (n > 0 && n % SLICE_ROWS === 0) await setImmediate();
    const raw: Record<string, string> = {};
    for (const [column, index] of columns) raw[column] = record.values[index] ?? '';
    const check = checkRow(raw, record.line);
    if (!check.ok) {
      rejections.push(...check.rejections);
      continue;
    }
    valid += 1;
    const key = check.value[dataset.key] as string;
    if (byKey.delete(key)) duplicatesInBatch += 1;
    byKey.set(key, check.value);
  }
  // Reader rejects and validation rejects arrive separately; the report reads in line order.
  rejections.sort((a, b) => a.row - b.row);
  const rejectedRows = new Set(rejections.map((r) => r.row)).size;
  return { batch, byKey, rejections, valid, duplicatesInBatch, rejectedRows };
}
