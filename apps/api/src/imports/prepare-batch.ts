import type { CsvBatch } from '@intake/csv';
import type { Dataset, Rejection } from '@intake/schema';
import { compiledCellsAccept, compiledRowCheck } from '@intake/schema/compiled';
import { copyRowsFor, type LoadTarget } from '../db/dataset-copy.js';

/**
 * One CSV batch turned into what its transaction writes, in plain data (it crosses from the
 * prepare worker to the job, see prepared-batches.ts; `copy`'s buffer is transferred).
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
  /** Those rows as binary COPY data (`copyRowsFor`). */
  copy: Uint8Array<ArrayBuffer>;
  rejections: Rejection[];
  valid: number;
  duplicatesInBatch: number;
  /** Lines with at least one rejection (a line may fail on several fields). */
  rejectedRows: number;
}

/** What `prepareBatch` needs per file: resolved once, reused for each batch. */
export interface BatchPlan {
  dataset: Dataset;
  mapping: Record<string, string | null>;
  target: LoadTarget;
  /** Fast path: plain per-column code, no object per row (bench/import/validation.ts). */
  accept: ReturnType<typeof compiledCellsAccept>;
  /** Every row the fast path does not take: zod decides, with its messages. */
  check: ReturnType<typeof compiledRowCheck>;
}

export function batchPlan(
  dataset: Dataset,
  mapping: Record<string, string | null>,
  target: LoadTarget,
): BatchPlan {
  return {
    dataset,
    mapping,
    target,
    accept: compiledCellsAccept(dataset),
    check: compiledRowCheck(dataset),
  };
}

/** Maps, validates and encodes a batch: pure CPU work, run on the prepare worker. */
export function prepareBatch(batch: CsvBatch, plan: BatchPlan): PreparedBatch {
  const { dataset, mapping } = plan;
  const positions = new Map(batch.headers.map((h, i) => [h, i]));
  // For each dataset column, the position of its mapped header in the records (-1: none).
  const sources = dataset.columnNames.map((column) => {
    const header = mapping[column];
    return header === null || header === undefined ? -1 : (positions.get(header) ?? -1);
  });
  const keyIndex = dataset.columnNames.indexOf(dataset.key);
  const rejections: Rejection[] = [];
  // Key -> its row in `rows`; a key seen again drops the earlier row (last wins).
  const byKey = new Map<string, number>();
  const rows = copyRowsFor(dataset, plan.target, batch.records.length * 128);
  const cells: (string | undefined)[] = [];
  const stored: (string | null)[] = [];
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
    for (let i = 0; i < sources.length; i++) {
      const at = sources[i] as number;
      cells[i] = at < 0 ? undefined : (record.values[at] ?? '');
    }
    if (!plan.accept(cells, stored)) {
      // zod's answer for the row: its refusals, or (rarely) a value the fast path passed on.
      const raw: Record<string, string> = {};
      dataset.columnNames.forEach((column, i) => {
        const cell = cells[i];
        if (cell !== undefined) raw[column] = cell;
      });
      const check = plan.check(raw, record.line);
      if (!check.ok) {
        rejections.push(...check.rejections);
        continue;
      }
      dataset.columnNames.forEach((column, i) => {
        stored[i] = check.value[column] ?? null;
      });
    }
    valid += 1;
    const key = stored[keyIndex] as string;
    const earlier = byKey.get(key);
    if (earlier !== undefined) {
      rows.drop(earlier);
      duplicatesInBatch += 1;
      // Re-inserted so the keys keep the order of the rows kept.
      byKey.delete(key);
    }
    byKey.set(key, rows.add(stored));
  }
  // Reader rejects and validation rejects arrive separately; the report reads in line order.
  rejections.sort((a, b) => a.row - b.row);
  return {
    endOffset: batch.endOffset,
    endLine: batch.endLine,
    headers: batch.headers,
    lines: batch.records.length + batch.rejects.length,
    keys: [...byKey.keys()],
    copy: rows.finish(),
    rejections,
    valid,
    duplicatesInBatch,
    rejectedRows: new Set(rejections.map((r) => r.row)).size,
  };
}
