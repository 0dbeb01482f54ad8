/**
 * CSV parser throughput: a 1M-row orders CSV (~74 MB) streamed from disk by each candidate and
 * by @intake/csv readCsv in the same run, each timed in a fresh child process, median of 3
 * rounds, ratios against csv-parse (the baseline); then readCsv's peak RSS growth over the
 * whole file in another fresh child.
 * Pin it to one core when the machine is shared:
 *
 *   taskset -c 1 pnpm --filter @intake/bench csv-parse
 *
 * BENCH_ROWS and BENCH_ROUNDS shrink it for a quick check.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median } from '../stats.js';
import { candidates } from './candidates.js';
import { writeOrdersCsv } from './generate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BASELINE = 'csv-parse';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs a script of this folder in a fresh Node with this process's loader flags (tsx, conditions). */
async function child(script: string, ...args: string[]): Promise<string> {
  const file = new URL(`./${script}`, import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [
    ...process.execArgv,
    file,
    ...args,
  ]);
  return stdout;
}

const dir = await mkdtemp(join(tmpdir(), 'intake-csv-bench-'));
try {
  const path = join(dir, 'orders.csv');
  const bytes = await writeOrdersCsv(path, ROWS);
  console.log(`CSV parse: ${fmt(ROWS)} rows, ${mb(bytes)}, median of ${ROUNDS} rounds, rows/s`);

  const rates = new Map<string, number[]>(candidates.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no candidate always runs first (page cache, neighbours' load).
    for (let k = 0; k < candidates.length; k++) {
      const c = candidates[(k + round) % candidates.length];
      if (!c) continue;
      const { rows, seconds } = JSON.parse(await child('run-one.ts', c.name, path)) as {
        rows: number;
        seconds: number;
      };
      if (rows !== ROWS) throw new Error(`${c.name} read ${rows} rows, expected ${ROWS}`);
      rates.get(c.name)?.push(rows / seconds);
    }
  }
  const base = median(rates.get(BASELINE) ?? []);
  console.log(
    `${'parser'.padEnd(22)}${'rows/s'.padStart(12)}${'vs csv-parse'.padStart(14)}  exact resume offsets`,
  );
  for (const c of candidates) {
    const rate = median(rates.get(c.name) ?? []);
    console.log(
      `${c.name.padEnd(22)}${fmt(rate).padStart(12)}${`${(rate / base).toFixed(2)}x`.padStart(14)}  ${c.exactOffsets}`,
    );
  }

  // A fresh process, so the RSS is readCsv's alone.
  const stdout = await child('rss.ts', path);
  const r = JSON.parse(stdout) as { rows: number; baseline: number; peak: number; maxRss: number };
  console.log(
    `readCsv memory over ${mb(bytes)}: peak RSS growth ${mb(r.peak - r.baseline)} (baseline ${mb(r.baseline)}, process max RSS ${mb(r.maxRss)}), ${fmt(r.rows)} rows`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
