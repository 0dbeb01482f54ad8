/**
 * JSON import throughput: 10,000 valid orders rows per request, through the whole API (HTTP,
 * JSON parse, zod validation of every row, one transaction with the upsert and the import
 * record), against the baseline of the same rows upserted straight into the same table with one
 * SQL statement (no HTTP, no validation). Runs on embedded PGlite, and on PostgreSQL when
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 *
 *   pnpm --filter @intake/bench json-import
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@intake/api/app';
import { loadConfig } from '@intake/api/config';
import { sql } from 'kysely';
import { benchAdminEnv, signIn } from '../api-sign-in.js';
import { median } from '../stats.js';

const ROWS = 10_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const makeRows = (round: number) =>
  Array.from({ length: ROWS }, (_, i) => ({
    order_id: `R${round}-${i}`,
    customer_email: `buyer${i}@example.com`,
    amount: ((i * 37) % 100000) / 100,
    currency: 'USD',
    status: 'paid',
    created_at: '2026-01-31T09:30:00+08:00',
  }));

async function measure(mode: string, env: Record<string, string>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'intake-bench-'));
  const app = await buildApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      ...benchAdminEnv,
      ...env,
    }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const auth = await signIn(url);
  // The admin's workspace, which the API's import writes into: the baseline writes there too.
  const { rows: workspaces } = await sql<{ id: string }>`select id from workspaces`.execute(
    app.database.db,
  );
  const workspaceId = workspaces[0]?.id ?? '';
  const api: number[] = [];
  const baseline: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Baseline: the same rows, one upsert statement, text arrays cast by Postgres.
      const rows = makeRows(round * 2);
      let start = performance.now();
      await sql`
        insert into ds_orders (_workspace_id, order_id, customer_email, amount, currency, status, created_at)
        select ${workspaceId}::uuid, u.order_id, u.customer_email, u.amount::numeric(14,2), u.currency, u.status, u.created_at::timestamptz
        from unnest(${rows.map((r) => r.order_id)}::text[],
                    ${rows.map((r) => r.customer_email)}::text[],
                    ${rows.map((r) => String(r.amount))}::text[],
                    ${rows.map((r) => r.currency)}::text[],
                    ${rows.map((r) => r.status)}::text[],
                    ${rows.map((r) => r.created_at)}::text[])
          as u(order_id, customer_email, amount, currency, status, created_at)
        on conflict (_workspace_id, order_id) do update set amount = excluded.amount`.execute(
        app.database.db,
      );
      baseline.push(ROWS / ((performance.now() - start) / 1000));

      const body = JSON.stringify({ dataset: 'orders', rows: makeRows(round * 2 + 1) });
      start = performance.now();
      const res = await fetch(`${url}/api/import`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
      });
      const result = (await res.json()) as { accepted: number };
      if (result.accepted !== ROWS)
        throw new Error(`expected ${ROWS} accepted, got ${JSON.stringify(result).slice(0, 200)}`);
      api.push(ROWS / ((performance.now() - start) / 1000));
    }
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const a = median(api);
  const b = median(baseline);
  console.log(
    `${mode.padEnd(10)} API ${Math.round(a).toLocaleString('en-US').padStart(9)} rows/s | baseline SQL upsert ${Math.round(b).toLocaleString('en-US').padStart(9)} rows/s | ratio ${(a / b).toFixed(2)}x`,
  );
}

console.log(
  `JSON import: ${ROWS.toLocaleString('en-US')} valid rows per request, median of ${ROUNDS} rounds`,
);
await measure('pglite', {});
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (pgUrl) {
  await measure('postgres', {
    DATABASE_URL: pgUrl,
    DATABASE_SCHEMA: `intake_bench_${process.pid}`,
  });
} else {
  console.log('postgres   skipped (set BENCH_DATABASE_URL=postgres://... to include it)');
}
