import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';

const run = promisify(execFile);

const ORDERS_TABLE = `(order_id text primary key, customer_email text, amount numeric(14,2),
  currency char(3), status text, created_at timestamptz)`;

/** `psql \copy` of the file into a fresh keyed table (issue 4's PostgreSQL baseline); seconds. */
export async function psqlCopy(databaseUrl: string, schema: string, path: string) {
  const psql = (command: string) =>
    run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command]);
  await psql(`create schema if not exists ${schema}`);
  await psql(`drop table if exists ${schema}.orders_copy`);
  await psql(`create table ${schema}.orders_copy ${ORDERS_TABLE}`);
  const start = performance.now();
  await psql(`\\copy ${schema}.orders_copy from '${path}' with (format csv, header true)`);
  const seconds = (performance.now() - start) / 1000;
  const { stdout } = await run('psql', [
    databaseUrl,
    '-tA',
    '-c',
    `select count(*) from ${schema}.orders_copy`,
  ]);
  await psql(`drop schema ${schema} cascade`);
  return { seconds, rows: Number(stdout.trim()) };
}

/**
 * PGlite's own COPY of the file into a fresh keyed table in an on-disk PGlite (as the app opens
 * it), fed in pieces of about `pieceBytes` cut at line ends: one piece of 74 MB costs 1.8 GB of
 * RSS (research/bulk-load.md). The file must have no newline inside quotes. Seconds.
 */
export async function pgliteCopy(dataDir: string, path: string, pieceBytes = 16 << 20) {
  const pg = await PGlite.create({ dataDir });
  try {
    await pg.exec(`create table orders_copy ${ORDERS_TABLE}`);
    const start = performance.now();
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let first = true;
    const copy = async (piece: Buffer) => {
      await pg.query(
        `copy orders_copy from '/dev/blob' with (format csv, header ${first ? 'true' : 'false'})`,
        [],
        { blob: new Blob([new Uint8Array(piece)]) },
      );
      first = false;
    };
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes < pieceBytes) continue;
      const all = Buffer.concat(pending);
      const cut = all.lastIndexOf(10) + 1;
      await copy(all.subarray(0, cut));
      pending = [all.subarray(cut)];
      pendingBytes = all.length - cut;
    }
    if (pendingBytes > 0) await copy(Buffer.concat(pending));
    const seconds = (performance.now() - start) / 1000;
    const result = await pg.query<{ n: number }>('select count(*)::int as n from orders_copy');
    return { seconds, rows: result.rows[0]?.n ?? 0 };
  } finally {
    await pg.close();
  }
}
