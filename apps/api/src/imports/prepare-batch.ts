import type { CsvBatch } from '@intake/csv';
import type { Dataset, Rejection } from '@intake/schema';
import { compiledRowCheck } from '@intake/schema/compiled';
import { copyText, type LoadTarget } from '../db/repos/dataset-rows.js';

type Row = Record<string, string | null>;

/**
 * One CSV batch turned into what its transaction writes, in plain data (it crosses from the
 * prepare worker to the job, see prepared-batches.ts).
 */
export interface PreparedBatch {
  /** The checkpoint after this batch: where the file is read again after a crash. */
  endOffset: number;
  endLine: number;
  headers: readonly string[];
  /** Lines of the file in this batch: records and malformed lines. */
  lines: number;
  /** The valid rows' keys, one per key (a key seen twice in the batch keeps its last row). */
  keys: string[];
  /** Those rows as COPY text (`copyText`). */
  csv: string;
  rejections: Rejection[];
  valid: number;
  duplicatesInBatch: number;
  /** Lines with at least one rejection (a line may fail on several fields). */
  rejectedRows: number;
}

/** Maps, validates and encodes a batch: pure CPU work, run on the prepare worker. */
export function prepareBatch(
  batch: CsvBatch,
  dataset: Dataset,
  mapping: Record<string, string | null>,
  target: LoadTarget,
): PreparedBatch {
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
  for (const record of batch.records) {
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
  return {
    endOffset: batch.endOffset,
    endLine: batch.endLine,
    headers: batch.headers,
    lines: batch.records.length + batch.rejects.length,
    keys: [...byKey.keys()],
    csv: copyText(dataset, byKey.values(), target),
    rejections,
    valid,
    duplicatesInBatch,
    rejectedRows: new Set(rejections.map((r) => r.row)).size,
  };
}
