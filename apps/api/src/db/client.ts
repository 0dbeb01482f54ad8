import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
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
  /** Binary COPY of rows on the connection of a transaction of `db` (bulk loads, copy-rows.ts). */
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
  await initPgliteApart(dataDir);
  const pglite = await PGlite.create({
    dataDir,
    // PostgreSQL's 128 MB of shared buffers would sit in this process's memory (RSS 300 MB at
    // start, bench/import); the OS page cache still holds the data files.
    startParams: [
      ...PGlite.defaultStartParams,
      '-c',
      `shared_buffers=${config.pgliteSharedBuffersMb}MB`,
    ],
  });
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

/**
 * Creates a new PGlite data folder (initdb) in a short-lived child process. initdb's WebAssembly
 * instance peaks near 800 MB, and a process's peak memory stays its peak: done here, the API
 * would start at ~800 MB RSS instead of ~190 MB (bench/import). An existing folder is left alone.
 */
async function initPgliteApart(dataDir: string): Promise<void> {
  const exists = await access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (exists) return;
  const pgliteUrl = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const script = `const { PGlite } = await import(${JSON.stringify(pgliteUrl.href)});
    const db = await PGlite.create({ dataDir: process.argv[1] });
    await db.close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, dataDir], {
    env: {},
  });
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
