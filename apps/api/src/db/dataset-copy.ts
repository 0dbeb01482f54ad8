import type { Dataset } from '@intake/schema';
import { BinaryCopyRows } from './copy-binary.js';

// The layout of a file import's COPY into a dataset table. Kept apart from the repository (and
// from Kysely) because the prepare worker encodes the rows and loads only what it needs: a new
// worker starts with each import, and every module it loads is start-up time.

/** Where a load's rows go: the constant columns of each of its rows. */
export interface LoadTarget {
  workspaceId: string;
  importId: string;
}

/** The columns of a load's COPY: the dataset's own, then the load's constants. */
export function copyColumns(dataset: Dataset): string[] {
  return [...dataset.columnNames, '_workspace_id', '_import_id'];
}

/**
 * An empty COPY of rows for `copyRowsInto`: `add` takes a validated row's stored values in
 * `dataset.columnNames` order; the load's constants follow each row.
 */
export function copyRowsFor(dataset: Dataset, target: LoadTarget, capacity?: number) {
  const types = dataset.columnNames.map((name) => dataset.columns[name]?.sqlType ?? 'text');
  const constants = [
    { sqlType: 'uuid', value: target.workspaceId },
    { sqlType: 'uuid', value: target.importId },
  ];
  return new BinaryCopyRows(types, constants, capacity);
}
