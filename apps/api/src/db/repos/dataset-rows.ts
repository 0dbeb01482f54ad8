import type { Dataset, DatasetRowsOutput } from '@intake/schema';
import { type QueryExecutorProvider, sql } from 'kysely';
import { CopyIn, type CopyRows } from '../copy-rows.js';
import { copyColumns } from '../dataset-copy.js';
import { datasetTable } from '../dataset-tables.js';

type Row = Record<string, string | null>;

/**
 * Inserts or updates rows by key in one statement. Values travel as one text array per column
 * (`unnest`), so a 10,000-row batch is one round trip with six parameters instead of 60,000,
 * and Postgres casts each text to the column type exactly (no float on the way).
 *
 * `allNew`: the caller proved in the same transaction that no key exists yet, so the statement
 * is a plain INSERT; `ON CONFLICT DO UPDATE` costs the server ~30% more per row (bench/import).
 * Should another writer insert one of the keys meanwhile, the unique index fails the
 * transaction and the batch is retried as a whole, never half written.
 */
export async function upsertRows(
  db: QueryExecutorProvider,
  dataset: Dataset,
  workspaceId: string,
  rows: Row[],
  importId: string,
  opts: { allNew?: boolean } = {},
) {
  if (rows.length === 0) return;
  const names = dataset.columnNames;
  const arrays = names.map((name) => sql`${rows.map((row) => row[name] ?? null)}::text[]`);
  const casts = names.map((name) => {
    const type = dataset.columns[name]?.sqlType ?? 'text';
    return sql`u.${sql.id(name)}::${sql.raw(type)}`;
  });
  const onConflict = opts.allNew ? sql`` : onConflictUpdate(dataset);
  await sql`
    insert into ${sql.id(datasetTable(dataset))} (_workspace_id, ${sql.join(names.map((n) => sql.id(n)))}, _import_id)
    select ${workspaceId}::uuid, ${sql.join(casts)}, ${importId}::uuid
    from unnest(${sql.join(arrays)}) as u(${sql.join(names.map((n) => sql.id(n)))})
    ${onConflict}
  `.execute(db);
}

/** A row that is there already takes the new values and the import that wrote them last. */
function onConflictUpdate(dataset: Dataset) {
  const updates = dataset.columnNames
    .filter((name) => name !== dataset.key)
    .map((name) => sql`${sql.id(name)} = excluded.${sql.id(name)}`);
  return sql`on conflict (_workspace_id, ${sql.id(dataset.key)}) do update
    set ${sql.join(updates)}, _import_id = excluded._import_id, _updated_at = now()`;
}

/**
 * Writes validated rows (one per key), given as COPY data from `copyRowsFor`, the bulk
 * path of file imports (bench/import: binary COPY straight into the keyed table is faster than
 * `psql \copy` of the file into a plain table; an `unnest` INSERT ~2.3x). `allNew`: no key
 * exists yet (proved by the caller in the same transaction, or left to the unique index, which
 * then fails the transaction whole), so the rows go straight into the dataset table. Otherwise
 * they go into a temporary staging table dropped at commit, then one INSERT .. ON CONFLICT DO
 * UPDATE.
 */
export async function copyRowsInto(
  db: QueryExecutorProvider,
  copy: CopyRows,
  dataset: Dataset,
  data: Uint8Array,
  opts: { allNew: boolean },
) {
  const columns = copyColumns(dataset);
  const table = datasetTable(dataset);
  if (opts.allNew) {
    await copy(db, new CopyIn(table, columns, data));
    return;
  }
  const stage = `_stage_${table}`;
  const list = sql.join(columns.map((name) => sql.id(name)));
  // The COPY's columns with their types, without the table's constraints and defaults.
  await sql`create temp table ${sql.id(stage)} on commit drop as
    select ${list} from ${sql.id(table)} with no data`.execute(db);
  await copy(db, new CopyIn(stage, columns, data));
  await sql`insert into ${sql.id(table)} (${list}) select ${list} from ${sql.id(stage)}
    ${onConflictUpdate(dataset)}`.execute(db);
}

/**
 * Of `keys`, how many rows exist already, and how many of those an earlier batch of the same
 * import wrote (its duplicates, last wins). One index probe per key.
 */
export async function countExistingKeys(
  db: QueryExecutorProvider,
  dataset: Dataset,
  workspaceId: string,
  importId: string,
  keys: string[],
): Promise<{ existing: number; fromImport: number }> {
  if (keys.length === 0) return { existing: 0, fromImport: 0 };
  // One probe of the primary key per key, whatever the statistics say. A plain
  // `key = any($keys)` let the planner of a table growing under a running import (stale
  // statistics) take `_workspace_id` alone as the index condition and filter every row of the
  // workspace: each batch then read the whole dataset and a 1M-row import got quadratic
  // (bench/import: the lookup grew from 17 to 178 ms per batch, 22 s in all against 2.5 s for
  // `psql \copy`). `limit 1` keeps the lateral subquery a per-key index probe; seqscan off
  // keeps a stale "empty table" estimate from scanning it per key, and JIT off because that
  // setting's cost penalty would otherwise make the upsert that follows compile itself (~80 ms
  // a batch). Both end with the transaction.
  await sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`.execute(
    db,
  );
  const keyType = dataset.columns[dataset.key]?.sqlType ?? 'text';
  const result = await sql<{ existing: number; from_import: number }>`
    select count(*)::int as existing,
      (count(*) filter (where d._import_id = ${importId}::uuid))::int as from_import
    from unnest(${keys}::text[]) as k(key)
    cross join lateral (
      select _import_id from ${sql.id(datasetTable(dataset))}
      where _workspace_id = ${workspaceId}::uuid and ${sql.id(dataset.key)} = k.key::${sql.raw(keyType)}
      limit 1
    ) d`.execute(db);
  const row = result.rows[0];
  return { existing: row?.existing ?? 0, fromImport: row?.from_import ?? 0 };
}

export async function countRows(
  db: QueryExecutorProvider,
  dataset: Dataset,
  workspaceId: string,
): Promise<number> {
  const result = await sql<{ n: string | number }>`
    select count(*)::int8 as n from ${sql.id(datasetTable(dataset))}
    where _workspace_id = ${workspaceId}::uuid`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Text form of each column as the API shows it (dates in UTC ISO 8601, decimals as written by Postgres). */
function selectColumn(dataset: Dataset, name: string) {
  const type = dataset.columns[name]?.sqlType;
  if (type === 'timestamptz') {
    return sql`to_char(${sql.id(name)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${sql.id(name)}`;
  }
  return sql`${sql.id(name)}::text as ${sql.id(name)}`;
}

/** One page in key order; `cursor` is the key of the last row of the previous page. */
export async function pageRows(
  db: QueryExecutorProvider,
  dataset: Dataset,
  workspaceId: string,
  opts: { cursor?: string | undefined; limit: number; search?: string | undefined },
): Promise<DatasetRowsOutput> {
  const key = sql.id(dataset.key);
  const filters = [sql`_workspace_id = ${workspaceId}::uuid`];
  if (opts.cursor !== undefined) filters.push(sql`${key} > ${opts.cursor}`);
  if (opts.search) {
    const pattern = `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const textColumns = dataset.columnNames.filter(
      (n) => dataset.columns[n]?.sqlType !== 'timestamptz',
    );
    filters.push(
      sql`(${sql.join(
        textColumns.map((n) => sql`${sql.id(n)}::text ilike ${pattern}`),
        sql` or `,
      )})`,
    );
  }
  const where = sql`where ${sql.join(filters, sql` and `)}`;
  const result = await sql<Row>`
    select ${sql.join(dataset.columnNames.map((n) => selectColumn(dataset, n)))}
    from ${sql.id(datasetTable(dataset))}
    ${where}
    order by ${key}
    limit ${opts.limit + 1}
  `.execute(db);
  const items = result.rows.slice(0, opts.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: result.rows.length > opts.limit && last ? (last[dataset.key] ?? null) : null,
  };
}

export async function findRow(
  db: QueryExecutorProvider,
  dataset: Dataset,
  workspaceId: string,
  key: string,
): Promise<Row | undefined> {
  const result = await sql<Row>`
    select ${sql.join(dataset.columnNames.map((n) => selectColumn(dataset, n)))}
    from ${sql.id(datasetTable(dataset))}
    where _workspace_id = ${workspaceId}::uuid and ${sql.id(dataset.key)} = ${key}`.execute(db);
  return result.rows[0];
}

/** Sets one column of one row, by key; false when there is no such row. */
export async function setCell(
  db: QueryExecutorProvider,
  dataset: Dataset,
  workspaceId: string,
  key: string,
  column: string,
  value: string,
): Promise<boolean> {
  if (!dataset.columnNames.includes(column))
    throw new Error(`${dataset.name} has no column ${column}`);
  const result = await sql`
    update ${sql.id(datasetTable(dataset))} set ${sql.id(column)} = ${value}, _updated_at = now()
    where _workspace_id = ${workspaceId}::uuid and ${sql.id(dataset.key)} = ${key}`.execute(db);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/** Removes the rows an import inserted or last updated (cancel with rollback). */
export async function deleteRowsOfImport(
  db: QueryExecutorProvider,
  dataset: Dataset,
  importId: string,
) {
  await sql`delete from ${sql.id(datasetTable(dataset))} where _import_id = ${importId}::uuid`.execute(
    db,
  );
}
