import { type Kysely, sql } from 'kysely';

/** Imports of uploaded files: what to read, how far the job got (its checkpoint), progress. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('imports')
    .addColumn('upload_id', 'text')
    .addColumn('mapping', 'text')
    .addColumn('headers', 'text')
    .addColumn('delimiter', 'text')
    .addColumn('on_cancel', 'text')
    .addColumn('bytes_total', 'int8')
    // The checkpoint: byte offset and line just after the last committed batch.
    .addColumn('bytes_done', 'int8', (c) => c.notNull().defaultTo(0))
    .addColumn('line_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('batches', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'timestamptz')
    .addColumn('error', 'text')
    .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index imports_unfinished on imports (status) where status in ('queued', 'running')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index imports_unfinished`.execute(db);
  for (const column of [
    'upload_id',
    'mapping',
    'headers',
    'delimiter',
    'on_cancel',
    'bytes_total',
    'bytes_done',
    'line_done',
    'rows_done',
    'batches',
    'duplicates',
    'started_at',
    'error',
    'cancel_requested',
  ]) {
    await db.schema.alterTable('imports').dropColumn(column).execute();
  }
}
