import { z } from 'zod';
import type { Dataset } from './dataset.js';
import { checkRow, type RowCheck } from './row-validation.js';

const compiled = new WeakMap<Dataset, Dataset>();

/**
 * `checkRow` for bulk work (file imports): the same dataset with its row schema compiled by zod
 * itself (`z.compile`), which runs generated code first and zod's own parser when that fails, so
 * every answer, messages included, is zod's (test/compiled-row-check.test.ts checks it against
 * `checkRow` on random rows). Server only: the code is generated with `new Function`, which the
 * web app's Content-Security-Policy forbids, so this is a separate entry point.
 */
export function compiledRowCheck(dataset: Dataset): (raw: unknown, rowNumber: number) => RowCheck {
  let fast = compiled.get(dataset);
  if (!fast) {
    fast = { ...dataset, rowSchema: z.compile(dataset.rowSchema) };
    compiled.set(dataset, fast);
  }
  const target = fast;
  return (raw, rowNumber) => checkRow(target, raw, rowNumber);
}
