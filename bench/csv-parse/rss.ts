/**
 * Child process of run.ts: reads the whole file with readCsv and prints the RSS growth over the
 * process's own baseline, so no other parser's garbage is counted.
 */
import { createReadStream } from 'node:fs';
import { readCsv } from '@intake/csv';

const path = process.argv[2];
if (!path) throw new Error('usage: rss.ts <file.csv>');
const baseline = process.memoryUsage.rss();
let peak = baseline;
let rows = 0;
for await (const batch of readCsv(createReadStream(path))) {
  rows += batch.records.length;
  peak = Math.max(peak, process.memoryUsage.rss());
}
console.log(
  JSON.stringify({ rows, baseline, peak, maxRss: process.resourceUsage().maxRSS * 1024 }),
);
