import { createReadStream } from 'node:fs';
import { readCsv } from '@intake/csv';
import { checkRow, getDataset } from '@intake/schema';
import { buildApp } from '@intake/api/app';
import { loadConfig } from '@intake/api/config';
import { sql } from 'kysely';
import { upsertRows } from '../../apps/api/src/db/repos/dataset-rows.ts';
const ds = getDataset('orders');
const app = await buildApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/tt', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', DATABASE_SCHEMA: 'tmp_prof' }));
const db = app.database.db;
await sql`truncate ds_orders`.execute(db);
let tv = 0, tw = 0, n = 0, tc = 0;
for await (const b of readCsv(createReadStream('/tmp/o1m.csv'), { batchSize: 5000 })) {
  let t = performance.now();
  const rows = [];
  for (const r of b.records) {
    const raw: Record<string,string> = {};
    b.headers.forEach((h, i) => { raw[h] = r.values[i] ?? ''; });
    const c = checkRow(ds, raw, r.line); if (c.ok) rows.push(c.value);
  }
  tv += performance.now() - t; t = performance.now();
  const cu = process.cpuUsage();
  await db.transaction().execute(async (tx) => { await upsertRows(tx, ds, rows, '00000000-0000-0000-0000-000000000000'); });
  tw += performance.now() - t; const d = process.cpuUsage(cu); tc += (d.user + d.system) / 1000;
  if (++n === 40) break;
}
console.log('validate ms', tv.toFixed(0), 'write ms', tw.toFixed(0), 'node cpu during write', tc.toFixed(0), 'for', n * 5000);
await sql`drop schema tmp_prof cascade`.execute(db);
await app.close();
