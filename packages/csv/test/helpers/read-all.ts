import { readFile } from 'node:fs/promises';
import { readCsv } from '../../src/read-csv.js';
import type { CsvBatch, ReadCsvOptions } from '../../src/types.js';

/** The bytes cut at the given sizes (cycled), as a stream would deliver them. */
export async function* chunked(
  bytes: Uint8Array,
  sizes: readonly number[],
): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

export async function readAll(
  bytes: Uint8Array,
  options: ReadCsvOptions = {},
  sizes: readonly number[] = [65536],
): Promise<CsvBatch[]> {
  const batches: CsvBatch[] = [];
  for await (const batch of readCsv(chunked(bytes, sizes), options)) batches.push(batch);
  return batches;
}

export function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(`../fixtures/${name}`, import.meta.url));
}

/** Records and rejects of all batches, in file order. */
export function items(batches: readonly CsvBatch[]) {
  return batches
    .flatMap((b) => [...b.records.map((r) => ({ ...r })), ...b.rejects.map((r) => ({ ...r }))])
    .sort((a, b) => a.line - b.line);
}
