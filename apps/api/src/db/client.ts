import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { datasets } from '@intake/schema';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { type CopyRows, copyRows } from './copy-rows.js';
import { syncDatasetTables } from './dataset-tables.js';
import { migrateToLatest } from './migrate.js';
import { copyingPool } from './pg-pool.js';
import { pglitePool } from './pglite-pool.js';
import type { Database } from './types.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** `pglite` on one machine, `postgres` when DATABASE_URL names a server. */
  kind: 'pglite' | 'postgres';
  /** COPY of CSV rows on the connection of a transaction of `db` (bulk loads, copy-rows.ts). */
  copyRows: CopyRows;
  close(): Promise<void>;
}

// numeric and int8 stay strings: amounts must never pass through a float.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/** Opens the database the config names, migrates it and syncs the dataset tables. */
export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  const opened = config.databaseUrl ? await openPostgres(config) : await openPglite(config);
  // Closing twice (an operator's close, then the app's onClose) must be harmless.
  let closed: Promise<void> | undefined;
  const handle: DatabaseHandle = { ...opened, close: () => (closed ??= opened.close()) };
  try {
    await migrateToLatest(handle.db as Kysely<unknown>, config.databaseSchema);
    await syncDatasetTables(handle.db, Object.values(datasets));
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

async function openPglite(config: Config): Promise<DatabaseHandle> {
  const dataDir = join(config.dataDir, 'pglite');
  await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) });
  return {
    db,
    kind: 'pglite',
    copyRows,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

async function openPostgres(config: Config): Promise<DatabaseHandle> {
  const schema = config.databaseSchema;
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.databasePoolMax,
    // Each connection works inside the configured schema (tests give each run its own).
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyingPool(pool) }) });
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  return { db, kind: 'postgres', copyRows, close: () => db.destroy() };
}
