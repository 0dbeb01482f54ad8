import type { Dataset } from '@intake/schema';
import { type Kysely, sql } from 'kysely';
import { FIRST_WORKSPACE_ID } from './migrations/0006-accounts.js';
import type { Database } from './types.js';

/** Each dataset lives in its own typed table, so amounts stay numeric and dates timestamptz. */
export const datasetTable = (dataset: Dataset) => `ds_${dataset.name}`;

/**
 * Creates or widens the table of every dataset from its definition. Adding a dataset or a column
 * is a code change only; existing rows get NULL in a new column. Several API processes may
 * start together, so the work is serialised by an advisory lock.
 *
 * Rows belong to a workspace: `_workspace_id` leads the primary key, so the same order id can
 * exist once per workspace and every lookup by key is scoped. Tables made before workspaces
 * existed are moved to the first workspace (migration 0006), keeping every row.
 */
export async function syncDatasetTables(db: Kysely<Database>, datasets: readonly Dataset[]) {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('intake:dataset-tables'))`.execute(tx);
    for (const dataset of datasets) {
      const table = sql.id(datasetTable(dataset));
      const columns = dataset.columnNames.map((name) => {
        const col = dataset.columns[name];
        if (!col) throw new Error(`dataset ${dataset.name}: no column ${name}`);
        const nullability = col.required || name === dataset.key ? sql` not null` : sql``;
        return sql`${sql.id(name)} ${sql.raw(col.sqlType)}${nullability}`;
      });
      await sql`create table if not exists ${table} (
        _workspace_id uuid not null,
        ${sql.join(columns)},
        _import_id uuid,
        _updated_at timestamptz not null default now(),
        primary key (_workspace_id, ${sql.id(dataset.key)})
      )`.execute(tx);
      await moveToWorkspaces(tx, datasetTable(dataset), dataset.key);
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

/** A table from before workspaces: its rows go to the first workspace, its key gets scoped. */
async function moveToWorkspaces(db: Kysely<Database>, table: string, key: string) {
  const has = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
      and column_name = '_workspace_id'`.execute(db);
  if ((has.rows[0]?.n ?? 0) > 0) return;
  await sql`alter table ${sql.id(table)}
    add column _workspace_id uuid not null default ${sql.lit(FIRST_WORKSPACE_ID)}`.execute(db);
  await sql`alter table ${sql.id(table)} alter column _workspace_id drop default`.execute(db);
  await sql`alter table ${sql.id(table)} drop constraint ${sql.id(`${table}_pkey`)}`.execute(db);
  await sql`alter table ${sql.id(table)} add primary key (_workspace_id, ${sql.id(key)})`.execute(
    db,
  );
}
