import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCsv } from '../src/read-csv.js';
import type { CsvRecord } from '../src/types.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('resume after a crash', () => {
  it('a file reopened at a committed endOffset yields exactly the records not yet committed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'intake-csv-'));
    const path = join(dir, 'orders.csv');
    const rows = Array.from({ length: 2000 }, (_, i) =>
      i % 7 === 0 ? `${i},"Müller, ""${i}""\nsecond line",${i}.50` : `${i},zoë ${i},${i}.50`,
    );
    await writeFile(path, `\uFEFFid,name,amount\r\n${rows.join('\r\n')}\r\n`);

    const committed: CsvRecord[] = [];
    let checkpoint = { endOffset: 0, endLine: 1, headers: [] as readonly string[] };
    // The "worker" dies after 3 batches, in the middle of the next one.
    for await (const batch of readCsv(createReadStream(path, { highWaterMark: 1000 }), {
      batchSize: 150,
    })) {
      if (committed.length >= 450) break;
      committed.push(...batch.records);
      checkpoint = batch;
    }
    const resumed = readCsv(
      createReadStream(path, { start: checkpoint.endOffset, highWaterMark: 333 }),
      {
        startOffset: checkpoint.endOffset,
        startLine: checkpoint.endLine,
        headers: checkpoint.headers,
      },
    );
    for await (const batch of resumed) committed.push(...batch.records);

    expect(committed.map((r) => r.values[0])).toEqual(rows.map((_, i) => String(i)));
    expect(committed[7]?.values[1]).toBe('Müller, "7"\nsecond line');
    // Every 7th record spans two lines, so line numbers drift from record numbers.
    expect(committed[8]?.line).toBe(12);
  });
});
