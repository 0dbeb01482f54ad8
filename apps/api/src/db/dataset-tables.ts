import type { Dataset } from '@intake/schema';
import { type Kysely, sql } from 'kysely';
import type { Database } from './types.js';

/** Each dataset lives in its own typed table, so amounts stay numeric and dates timestamptz. */
export const datasetTable = (dataset: Dataset) => `ds_${dataset.name}`;

/**
 * Creates or widens the table of every dataset from its definition. Adding a dataset or a column
 * is a code change only; existing rows get NULL in a new column. Several API processes may
 * start together, so the work is serialised by an advisory lock.
 */
export async function syncDatasetTables(db: Kysely<Database>, datasets: readonly Dataset[]) {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('intake:dataset-tables'))`.execute(tx);
    for (const dataset of datasets) {
      const table = sql.id(datasetTable(dataset));
      const columns = dataset.columnNames.map((name) => {
        const col = dataset.columns[name];
        if (!col) throw new Error(`dataset ${dataset.name}: no column ${name}`);
        const key = name === dataset.key ? sql` primary key` : sql``;
        const nullability = col.required ? sql` not null` : sql``;
        return sql`${sql.id(name)} ${sql.raw(col.sqlType)}${nullability}${key}`;
      });
      await sql`create table if not exists ${table} (
        ${sql.join(columns)},
        _import_id uuid,
        _updated_at timestamptz not null default now()
      )`.execute(tx);
      for (const name of dataset.columnNames) {
        const col = dataset.columns[name];
        if (!col) continue;
        await sql`alter table ${table} add column if not exists ${sql.id(name)} ${sql.raw(col.sqlType)}`.execute(
          tx,
        );
      }
    }
  });
}
