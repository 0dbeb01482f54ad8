import { type Kysely, type Migration, Migrator } from 'kysely';
import * as m0001 from './migrations/0001-imports.js';
import * as m0002 from './migrations/0002-uploads.js';
import * as m0003 from './migrations/0003-charges.js';
import * as m0004 from './migrations/0004-webhooks.js';
import * as m0005 from './migrations/0005-file-imports.js';
import * as m0006 from './migrations/0006-accounts.js';
import * as m0007 from './migrations/0007-upload-owner.js';

/** Every migration, in order. Imported statically so the built server needs no file scanning. */
const migrations: Record<string, Migration> = {
  '0001-imports': m0001,
  '0002-uploads': m0002,
  '0003-charges': m0003,
  '0004-webhooks': m0004,
  '0005-file-imports': m0005,
  '0006-accounts': m0006,
  '0007-upload-owner': m0007,
};

export async function migrateToLatest(db: Kysely<unknown>, schema: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}
