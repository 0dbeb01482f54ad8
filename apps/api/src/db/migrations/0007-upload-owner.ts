import type { Kysely } from 'kysely';

/**
 * Who created each upload, for the per-user limit on unfinished uploads (MAX_CONCURRENT_UPLOADS
 * counted per account, not per client IP: people behind one proxy or NAT do not share a limit).
 * Uploads from before have none and count for nobody.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('uploads').addColumn('user_id', 'text').execute();
  await db.schema
    .createIndex('uploads_user_status_idx')
    .on('uploads')
    .columns(['user_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('uploads_user_status_idx').execute();
  await db.schema.alterTable('uploads').dropColumn('user_id').execute();
}
