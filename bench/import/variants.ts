/**
 * Load-path variants on PostgreSQL, database side only (no HTTP, no validation), over the same
 * 1M-row file in batches of BENCH_BATCH rows (default 5000), each batch in its own transaction,
 * into a fresh keyed table, against `psql \copy` of the whole file in the same run:
 *   unnest upsert  (INSERT .. SELECT FROM unnest(text[]..) ON CONFLICT DO UPDATE: the job today)
 *   unnest insert  (the same without ON CONFLICT: the job's path when no key exists yet)
 *   COPY stage + upsert  (COPY into a temp table, then INSERT .. SELECT .. ON CONFLICT)
 *   COPY target  (COPY straight into the keyed table)
 *
 *   tsx --conditions=@intake/source import/variants.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { psqlCopy } from './baselines.js';
import { writeOrdersCsv } from './generate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const url =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const schema = `intake_bench_variants_${process.pid}`;
const COLUMNS = 'order_id, customer_email, amount, currency, status, created_at';
const TABLE = `(order_id text primary key, customer_email text, amount numeric(14,2),
  currency char(3), status text, created_at timestamptz, _import_id uuid,
  _updated_at timestamptz not null default now())`;
const IMPORT_ID = '00000000-0000-0000-0000-000000000001';

const work = await mkdtemp(join(tmpdir(), 'intake-bench-variants-'));
const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
await client.connect();
try {
  const csv = join(work, 'orders.csv');
  await writeOrdersCsv(csv, ROWS);
  // Batches as CSV text (what a COPY would send) and as column arrays (what unnest gets).
  const lines = (await readFile(csv, 'utf8')).split('\n').slice(1, -1);
  const batches: { text: string; columns: string[][] }[] = [];
  for (let i = 0; i < lines.length; i += BATCH) {
    const slice = lines.slice(i, i + BATCH);
    const columns: string[][] = [[], [], [], [], [], []];
    for (const line of slice) {
      for (const [c, v] of line.split(',').entries()) columns[c]?.push(v.replaceAll('"', ''));
    }
    batches.push({ text: `${slice.join('\n')}\n`, columns });
  }
  await client.query(`create schema ${schema}`);

  const upsert = `on conflict (order_id) do update set customer_email = excluded.customer_email,
    amount = excluded.amount, currency = excluded.currency, status = excluded.status,
    created_at = excluded.created_at, _import_id = excluded._import_id, _updated_at = now()`;
  const unnest = (onConflict: string) => async (b: (typeof batches)[number]) => {
    await client.query(
      `insert into t (${COLUMNS}, _import_id)
       select u.order_id, u.customer_email, u.amount::numeric(14,2), u.currency::char(3), u.status,
         u.created_at::timestamptz, '${IMPORT_ID}'::uuid
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         as u(${COLUMNS}) ${onConflict}`,
      b.columns,
    );
  };
  const copy = async (table: string, text: string) => {
    await pipeline(
      Readable.from([text]),
      client.query(copyFrom(`copy ${table} (${COLUMNS}) from stdin with (format csv)`)),
    );
  };
  const variants: Record<string, (b: (typeof batches)[number]) => Promise<void>> = {
    'unnest upsert': unnest(upsert),
    'unnest insert': unnest(''),
    'COPY stage + upsert': async (b) => {
      await client.query(
        `create temp table if not exists stage (like t including defaults) on commit delete rows`,
      );
      await copy('stage', b.text);
      await client.query(
        `insert into t (${COLUMNS}, _import_id) select ${COLUMNS}, '${IMPORT_ID}'::uuid from stage ${upsert}`,
      );
    },
    'COPY target': async (b) => copy('t', b.text),
  };

  const results: [string, number][] = [];
  const base = await psqlCopy(url, `${schema}_copy`, csv);
  results.push(['psql \\copy (whole file)', base.seconds]);
  for (const [name, load] of Object.entries(variants)) {
    await client.query('drop table if exists t');
    await client.query(`create table t ${TABLE}`);
    const start = performance.now();
    for (const b of batches) {
      await client.query('begin');
      await load(b);
      await client.query('commit');
    }
    results.push([name, (performance.now() - start) / 1000]);
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from t');
    if (rows[0]?.n !== ROWS) throw new Error(`${name}: ${rows[0]?.n} rows`);
  }
  console.log(`${ROWS.toLocaleString('en-US')} rows, batches of ${BATCH}, one transaction each`);
  for (const [name, s] of results)
    console.log(`| ${name} | ${s.toFixed(2)} s | ${(s / base.seconds).toFixed(2)}x |`);
} finally {
  await client.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
  await client.end();
  await rm(work, { recursive: true, force: true });
}
