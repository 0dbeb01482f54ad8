import { type Kysely, sql } from 'kysely';

/** tus uploads (src/uploads/README.md): one row per upload, with its write lease. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('offset', 'bigint', (c) => c.notNull().defaultTo(0))
    // Null while the client defers the length (Upload-Defer-Length: 1).
    .addColumn('length', 'bigint')
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_partial', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('concat_parts', 'jsonb')
    .addColumn('md5', 'text')
    .addColumn('sha256', 'text')
    .addColumn('client_ip', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('uploads_status_expires_idx')
    .on('uploads')
    .columns(['status', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('uploads_client_status_idx')
    .on('uploads')
    .columns(['client_ip', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('uploads').execute();
}
