import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { orders } from '@intake/schema';
import { Kysely, type Migration, Migrator, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import * as m0001 from '../../src/db/migrations/0001-imports.js';
import * as m0002 from '../../src/db/migrations/0002-uploads.js';
import * as m0003 from '../../src/db/migrations/0003-charges.js';
import * as m0004 from '../../src/db/migrations/0004-webhooks.js';
import * as m0005 from '../../src/db/migrations/0005-file-imports.js';
import { pglitePool } from '../../src/db/pglite-pool.js';
import { trpcClient } from '../helpers/clients.js';
import { adminEnv, signInOwner } from '../helpers/credentials.js';

/**
 * An install from before accounts (migrations 0001-0005, dataset tables keyed by their own key)
 * upgraded to this version: every import and row it held belongs to the first workspace, which
 * the first admin owns, so nothing accepted before is lost or orphaned.
 */
let dataDir: string;
const importId = '01900000-0000-7000-8000-000000000001';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'intake-upgrade-'));
  const pglite = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) });
  const before: Record<string, Migration> = {
    '0001-imports': m0001,
    '0002-uploads': m0002,
    '0003-charges': m0003,
    '0004-webhooks': m0004,
    '0005-file-imports': m0005,
  };
  const migrated = await new Migrator({
    db,
    provider: { getMigrations: async () => before },
  }).migrateToLatest();
  if (migrated.error) throw migrated.error;
  // The dataset table as the previous version created it: the order id alone is the key.
  const columns = orders.columnNames.map((name) => {
    const col = orders.columns[name];
    return sql`${sql.id(name)} ${sql.raw(col?.sqlType ?? 'text')}${name === orders.key ? sql` primary key` : sql``}`;
  });
  await sql`create table ds_orders (${sql.join(columns)}, _import_id uuid,
    _updated_at timestamptz not null default now())`.execute(db);
  await sql`insert into imports (id, dataset, source, status, accepted, rejected)
    values (${importId}, 'orders', 'rows', 'succeeded', 1, 0)`.execute(db);
  await sql`insert into ds_orders (order_id, customer_email, amount, currency, status, created_at, _import_id)
    values ('OLD-1', 'old@example.com', 12.50, 'EUR', 'paid', '2025-12-31T10:00:00Z', ${importId})`.execute(
    db,
  );
  await db.destroy();
  await pglite.close();
}, 120_000);

afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('keeps every import and row of an install from before accounts, in the first workspace', async () => {
  const app = await buildApp(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...adminEnv }),
  );
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await signInOwner(url);
    const client = trpcClient(url);
    const rows = await client.datasets.rows.query({ dataset: 'orders', limit: 10 });
    expect(rows.items).toEqual([expect.objectContaining({ order_id: 'OLD-1', amount: '12.50' })]);
    expect((await client.imports.get.query({ id: importId })).accepted).toBe(1);
    // The same key can now exist once per workspace: the old row is updated, not duplicated.
    await client.imports.createFromRows.mutate({
      dataset: 'orders',
      rows: [
        {
          order_id: 'OLD-1',
          customer_email: 'old@example.com',
          amount: '13.00',
          currency: 'EUR',
          status: 'paid',
          created_at: '2025-12-31T10:00:00Z',
        },
      ],
    });
    const after = await client.datasets.rows.query({ dataset: 'orders', limit: 10 });
    expect(after.items).toEqual([expect.objectContaining({ order_id: 'OLD-1', amount: '13.00' })]);
  } finally {
    await app.close();
  }
}, 120_000);
