import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

/** One way of running the API's storage: embedded PGlite, or a real PostgreSQL server. */
export interface DatabaseMode {
  name: 'pglite' | 'postgres';
  /** Environment for one isolated app: its own data folder or its own schema. */
  prepare(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;
}

const pglite: DatabaseMode = {
  name: 'pglite',
  async prepare() {
    const dataDir = await mkdtemp(join(tmpdir(), 'intake-test-'));
    await cp(inject('pgliteTemplate'), join(dataDir, 'pglite'), { recursive: true });
    return {
      env: { DATA_DIR: dataDir },
      cleanup: () => rm(dataDir, { recursive: true, force: true }),
    };
  },
};

const postgres = (url: string): DatabaseMode => ({
  name: 'postgres',
  async prepare() {
    const schema = `intake_test_${randomBytes(6).toString('hex')}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'intake-test-'));
    return {
      env: { DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_DIR: dataDir },
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
});

/**
 * PGlite always; PostgreSQL when TEST_DATABASE_URL names a server (CI sets it). On CI a missing
 * TEST_DATABASE_URL is an error, so the scale-out suites can never be skipped silently there.
 */
export function databaseModes(): DatabaseMode[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites would not run',
    );
  }
  return url ? [pglite, postgres(url)] : [pglite];
}
