/**
 * The Node side of a file import per 1M rows, CPU time of this process (so other processes'
 * load counts less than in wall time): CSV parse alone, parse + zod `checkRow` per row (the job
 * before), parse + `checkRow` on zod's `z.compile` of the same schema, parse + `compiledRowCheck`
 * (plain per-column code from the same definitions, zod for refusals: the job now), each against
 * the parse alone measured in the same run.
 *
 *   tsx --conditions=@intake/source import/validation.ts     BENCH_ROWS=1000000  BENCH_ROUNDS=3
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '@intake/csv';
import { checkRow, orders, type RowCheck } from '@intake/schema';
import { compiledRowCheck } from '@intake/schema/compiled';
import { z } from 'zod';
import { median } from '../stats.js';
import { writeOrdersCsv } from './generate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Check = ((raw: Record<string, string>, line: number) => RowCheck) | undefined;

/** CPU seconds (user + system) to read the file and check every row with `check`. */
async function run(path: string, check: Check): Promise<number> {
  const start = process.cpuUsage();
  let accepted = 0;
  for await (const batch of readCsv(createReadStream(path), { batchSize: 5000 })) {
    if (!check) continue;
    const names = batch.headers;
    for (const record of batch.records) {
      const raw: Record<string, string> = {};
      for (let i = 0; i < names.length; i++) raw[names[i] ?? ''] = record.values[i] ?? '';
      if (check(raw, record.line).ok) accepted += 1;
    }
  }
  const used = process.cpuUsage(start);
  if (check && accepted !== ROWS) throw new Error(`accepted ${accepted} of ${ROWS}`);
  return (used.user + used.system) / 1e6;
}

// zod's own compiled schema alone (the step before compiledRowCheck's plain fast path).
const zodCompiled = { ...orders, rowSchema: z.compile(orders.rowSchema) };

const work = await mkdtemp(join(tmpdir(), 'intake-bench-validation-'));
try {
  const csv = join(work, 'orders.csv');
  await writeOrdersCsv(csv, ROWS);
  const variants: [string, Check][] = [
    ['parse only', undefined],
    ['parse + zod checkRow', (raw, line) => checkRow(orders, raw, line)],
    ['parse + checkRow on z.compile(rowSchema)', (raw, line) => checkRow(zodCompiled, raw, line)],
    ['parse + compiledRowCheck', compiledRowCheck(orders)],
  ];
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, check] of variants) times.get(name)?.push(await run(csv, check));
  }
  const parse = median(times.get('parse only') ?? []);
  console.log(`${ROWS.toLocaleString('en-US')} rows, CPU seconds, median of ${ROUNDS}`);
  for (const [name] of variants) {
    const t = median(times.get(name) ?? []);
    console.log(
      `| ${name} | ${t.toFixed(2)} s | validation ${(t - parse).toFixed(2)} s | ${(t / parse).toFixed(2)}x parse |`,
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
