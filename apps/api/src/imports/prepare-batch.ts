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
  /**
   * The valid rows' keys, one per key (a key seen twice in the batch keeps its last row), joined
   * by U+0000, which validation refuses in any text: one string crosses to the job thread instead
   * of one per row (garbage there), and only a batch that upserts splits it (`keyList`).
   */
  keys: string;
  keyCount: number;
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

/**
 * Builds one PreparedBatch from the CSV reader's smaller batches: maps, validates and encodes
 * each record as it comes (pure CPU work, run on the prepare worker). Reading in slices of a
 * few hundred rows lets each record's strings die young instead of a whole batch of them
 * outliving the young generation: less promoted garbage, less old-space growth (bench/import).
 */
export class BatchBuilder {
  private sources: number[] = [];
  private sourcesFor: readonly string[] | undefined;
  private readonly keyIndex: number;
  private readonly cells: (string | undefined)[] = [];
  private readonly stored: (string | null)[] = [];
  private rejections: Rejection[] = [];
  /** Key -> its row in `rows`; a key seen again drops the earlier row (last wins). */
  private byKey = new Map<string, number>();
  private rows: ReturnType<typeof copyRowsFor>;
  private valid = 0;
  private duplicatesInBatch = 0;
  private headers: readonly string[] = [];
  private endOffset = 0;
  private endLine = 0;
  /** Lines of the file in the batch so far: records and malformed lines. */
  lines = 0;

  constructor(
    private readonly plan: BatchPlan,
    private readonly capacityRows: number,
  ) {
    this.keyIndex = plan.dataset.columnNames.indexOf(plan.dataset.key);
    this.rows = copyRowsFor(plan.dataset, plan.target, capacityRows * 128);
  }

  /** For each dataset column, the position of its mapped header in the records (-1: none). */
  private sourcesOf(headers: readonly string[]): number[] {
    if (headers === this.sourcesFor) return this.sources;
    const positions = new Map(headers.map((h, i) => [h, i]));
    this.sources = this.plan.dataset.columnNames.map((column) => {
      const header = this.plan.mapping[column];
      return header === null || header === undefined ? -1 : (positions.get(header) ?? -1);
    });
    this.sourcesFor = headers;
    return this.sources;
  }

  add(batch: CsvBatch): void {
    const { dataset, accept, check } = this.plan;
    const { cells, stored, rows, byKey } = this;
    const sources = this.sourcesOf(batch.headers);
    this.headers = batch.headers;
    this.endOffset = batch.endOffset;
    this.endLine = batch.endLine;
    this.lines += batch.records.length + batch.rejects.length;
    for (const reject of batch.rejects) {
      this.rejections.push({
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
      if (!accept(cells, stored)) {
        // zod's answer for the row: its refusals, or (rarely) a value the fast path passed on.
        const raw: Record<string, string> = {};
        dataset.columnNames.forEach((column, i) => {
          const cell = cells[i];
          if (cell !== undefined) raw[column] = cell;
        });
        const result = check(raw, record.line);
        if (!result.ok) {
          this.rejections.push(...result.rejections);
          continue;
        }
        dataset.columnNames.forEach((column, i) => {
          stored[i] = result.value[column] ?? null;
        });
      }
      this.valid += 1;
      const key = stored[this.keyIndex] as string;
      const earlier = byKey.get(key);
      if (earlier !== undefined) {
        rows.drop(earlier);
        this.duplicatesInBatch += 1;
        // Re-inserted so the keys keep the order of the rows kept.
        byKey.delete(key);
      }
      byKey.set(key, rows.add(stored));
    }
  }

  /** The batch so far, and a fresh start for the next. */
  finish(): PreparedBatch {
    // Reader rejects and validation rejects arrive separately; the report reads in line order.
    const rejections = this.rejections.sort((a, b) => a.row - b.row);
    const prepared: PreparedBatch = {
      endOffset: this.endOffset,
      endLine: this.endLine,
      headers: this.headers,
      lines: this.lines,
      keys: [...this.byKey.keys()].join('\u0000'),
      keyCount: this.byKey.size,
      copy: this.rows.finish(),
      rejections,
      valid: this.valid,
      duplicatesInBatch: this.duplicatesInBatch,
      rejectedRows: new Set(rejections.map((r) => r.row)).size,
    };
    this.rejections = [];
    this.byKey = new Map();
    this.rows = copyRowsFor(this.plan.dataset, this.plan.target, this.capacityRows * 128);
    this.valid = 0;
    this.duplicatesInBatch = 0;
    this.lines = 0;
    return prepared;
  }
}

/** The keys of a prepared batch as a list. */
export const keyList = (batch: PreparedBatch): string[] =>
  batch.keyCount === 0 ? [] : batch.keys.split('\u0000');
